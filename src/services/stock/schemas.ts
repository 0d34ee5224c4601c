/**
 * What people type for stock: SKUs, warehouses, whole numbers and reasons. Quantities come
 * in as text so that "diez" or a 30-digit number is an invalid value (exit 3), never a
 * parse error or a database overflow.
 */
import { z } from 'zod';

/** The most units one inventory row may hold, and the largest single movement. */
export const MAX_UNITS = 2_000_000_000;

const wholeNumber = z.preprocess(
  (value) => (typeof value === 'number' ? String(value) : value),
  z
    .string({ message: 'must be a whole number' })
    .trim()
    .regex(/^[+-]?[0-9]+$/, 'must be a whole number')
    .transform(Number),
);

/** An absolute count: 0..MAX_UNITS. */
export const quantity = wholeNumber.refine((n) => n >= 0 && n <= MAX_UNITS, `must be between 0 and ${MAX_UNITS}`);

/** Units to move: 1..MAX_UNITS. */
export const positiveQuantity = wholeNumber.refine((n) => n >= 1 && n <= MAX_UNITS, `must be between 1 and ${MAX_UNITS}`);

/** A signed change: ±1..±MAX_UNITS (a delta beyond 32 bits is refused here, not by the database). */
export const delta = wholeNumber
  .refine((n) => n !== 0, 'must not be 0')
  .refine((n) => Math.abs(n) <= MAX_UNITS, `must be between -${MAX_UNITS} and ${MAX_UNITS}`);

export const sku = z.string({ message: 'is required' }).trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

/** A warehouse by name or id. */
export const warehouseReference = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');

/** Why stock moved: kept in the audit trail. */
export { reason } from '../../lib/validation';
