/** The three countries' word lists, in the order the demo loads them. */
import { LAO } from './la.js';
import { RWANDA } from './rw.js';
import type { CountryData } from './types.js';
import { UZBEKISTAN } from './uz.js';

export const COUNTRIES: readonly CountryData[] = [LAO, UZBEKISTAN, RWANDA];
export { LAO, RWANDA, UZBEKISTAN };
