import { isE164 } from '@pigeon/protocol';

/**
 * A phone number as typed (`+1 415 555-0123`, `0044 20 …`) in E.164
 * (`+14155550123`), or undefined when it cannot be one.
 */
export function normalizePhone(input: string): string | undefined {
  let phone = input.trim().replace(/[\s().-]/g, '');
  if (phone.startsWith('00')) phone = `+${phone.slice(2)}`;
  return isE164(phone) ? phone : undefined;
}

/** Whether `query` matches a phone number, ignoring spaces and punctuation in the query. */
export function phoneMatches(phone: string, query: string): boolean {
  const digits = query.replace(/[^\d+]/g, '');
  return digits.replace(/\+/g, '').length >= 2 && phone.includes(digits.replace(/^\+/, ''));
}
