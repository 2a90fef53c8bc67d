// Refusals of the venue import.
import { defineError, RuleViolationError, UnsupportedMediaTypeError } from '../../shared/errors.js';
import type { RowError } from './import-columns.js';

export const importsErrors = {
  importInvalid: defineError(RuleViolationError, 'import_invalid', (errors: RowError[], rows: number) => ({
    zh: `文件有 ${errors.length} 处错误，未导入任何内容`,
    en: `The file has ${errors.length} error(s): nothing was imported`,
    details: { rows, errors },
  })),
  unsupportedFileType: defineError(UnsupportedMediaTypeError, 'unsupported_file_type', {
    zh: '请上传 CSV（UTF-8 或 GBK）或 Excel .xlsx 文件',
    en: 'Send a CSV file (UTF-8 or GBK) or an Excel .xlsx workbook',
  }),
};
