// Organisers' routes of the venue import. The file is the request body itself (any Content-Type but JSON), up to 2 MB.
import Joi from 'joi';
import type { Role } from '../../shared/actor.js';
import { commonErrors } from '../../shared/errors.js';
import { readRawBody } from '../../shared/http/json-body.js';
import { routesFor } from '../../shared/http/route-table.js';
import { id } from '../../shared/http/schemas.js';
import { importsErrors } from './imports.errors.js';
import type { ImportsService } from './imports.service.js';

const route = routesFor<ImportsService>();
const tags = ['venues'];
const ORGANISERS: readonly Role[] = ['organiser'];

export const IMPORT_PATH = '/api/manage/venues/import';
export const IMPORT_LIMIT_BYTES = 2 * 1024 * 1024;

const importQuery = Joi.object<{ dryRun: boolean; editionId?: number }>({
  dryRun: Joi.boolean().default(false),
  editionId: id(),
});

export const importRoutes = [
  route({
    method: 'post',
    path: IMPORT_PATH,
    summary: 'Import venues from a CSV (UTF-8 or GBK) or .xlsx file; dryRun=true previews',
    description:
      'Send the file as the body. Rows are matched to venues by code, else by exact Chinese name and host. ' +
      'dryRun answers { toCreate, toUpdate, errors } with each error’s row and column; without it any error refuses the whole file (422 import_invalid). ' +
      'With editionId the venues take part in that edition.',
    tags,
    auth: ORGANISERS,
    query: importQuery,
    responses: { 200: { description: '{ dryRun, fileType, rows, toCreate, toUpdate, errors }' } },
    errors: [importsErrors.importInvalid, importsErrors.unsupportedFileType, commonErrors.payloadTooLarge],
    handle: async ({ query, actor, ctx }, imports) => {
      // A JSON body was read (and used up) by the JSON reader: it is no spreadsheet anyway.
      if (ctx.is('application/json')) throw importsErrors.unsupportedFileType();
      const bytes = await readRawBody(ctx, IMPORT_LIMIT_BYTES);
      if (bytes.length === 0) throw importsErrors.unsupportedFileType();
      return imports.importVenues(actor, bytes, query);
    },
  }),
  route({
    method: 'get',
    path: '/api/manage/venues/import-template.csv',
    summary: 'The import template as CSV (UTF-8 with BOM; columns in Chinese and English)',
    tags,
    auth: ORGANISERS,
    responses: { 200: { description: 'the template', content: 'csv' } },
    handle: ({ ctx }, imports) => {
      ctx.type = 'text/csv; charset=utf-8';
      ctx.set('Content-Disposition', 'attachment; filename="venues-template.csv"');
      return imports.templateCsv();
    },
  }),
  route({
    method: 'get',
    path: '/api/manage/venues/import-template.xlsx',
    summary: 'The import template as an Excel workbook',
    tags,
    auth: ORGANISERS,
    responses: { 200: { description: 'the template', content: 'asset' } },
    handle: async ({ ctx }, imports) => {
      ctx.type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
      ctx.set('Content-Disposition', 'attachment; filename="venues-template.xlsx"');
      return imports.templateXlsx();
    },
  }),
];
