/** Spreadsheet writing is shared by every module's exports (platform/export/spreadsheet.ts). */
export { neutraliseFormula, toCsv, toXlsx } from '../../../platform/export/spreadsheet.js';
