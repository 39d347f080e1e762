import type { KeyObject } from 'node:crypto';
import { createPrivateKey } from 'node:crypto';

/** The kinds of signing key the push platforms hand out. */
export type PushKeyKind = 'P-256' | 'RSA';

/**
 * Parses a PEM private key (PKCS8 as Apple's .p8 and Google's service accounts have it;
 * PKCS1/SEC1 work too) and checks it is the kind the platform signs with. Throws at
 * start-up on a bad key rather than failing every push later; the message names `label`
 * and never includes key material.
 */
export function loadPrivateKey(pem: string, kind: PushKeyKind, label: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new Error(`${label} is not a PEM private key`, { cause: err });
  }
  const matches =
    kind === 'RSA'
      ? key.asymmetricKeyType === 'rsa'
      : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1';
  if (!matches) throw new Error(`${label} must be a ${kind === 'RSA' ? 'RSA' : 'P-256 (ES256)'} private key`);
  return key;
}
