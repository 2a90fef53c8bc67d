// Each step of a group request is texted to the teacher (the group_status message), in the request's transaction.
import type { Sql } from '../../db/sql.js';
import type { GroupsDeps } from './groups.deps.js';
import type { GroupRequest } from './group-request.js';

const STEPS = {
  requested: { zh: '已提交，等待场馆审核', en: 'received, waiting for the venue' },
  approved: { zh: '场馆已批准，名额已保留，请在期限内确认', en: 'approved: places held, confirm before the deadline' },
  proposed: { zh: '场馆建议改为另一场次，名额已保留，请在期限内确认', en: 'the venue proposes another session: places held, confirm before the deadline' },
  declined: { zh: '场馆未能接待', en: 'declined by the venue' },
  confirmed: { zh: '已确认，请凭团体二维码入场', en: 'confirmed: show the group QR code at the door' },
  expired: { zh: '未在期限内确认，保留的名额已释放', en: 'not confirmed in time: the places held were released' },
} as const;

export type GroupStep = keyof typeof STEPS;

export async function notifyTeacher(
  deps: Pick<GroupsDeps, 'notifications' | 'publicBaseUrl'>,
  tx: Sql,
  g: GroupRequest,
  step: GroupStep,
  details = '',
): Promise<void> {
  await deps.notifications.enqueue(tx, {
    dedupeKey: `group_${step}:${g.id}:${g.sessionId ?? 0}`,
    template: 'group_status',
    language: g.language,
    phone: g.contactPhone,
    payload: { group: `${g.school} ${g.className}`, stepZh: STEPS[step].zh, stepEn: STEPS[step].en, details, link: `${deps.publicBaseUrl}/groups/${g.id}` },
  });
}
