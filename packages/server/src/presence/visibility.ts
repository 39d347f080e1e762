import type { LastSeenPrivacy } from '@pigeon/protocol';

/**
 * Whether a viewer may see a subject's online state and last seen. Pure.
 * `contacts` means the people in the subject's contact list.
 */
export function presenceVisible(
  subject: { id: string; lastSeenPrivacy: LastSeenPrivacy },
  viewerId: string,
  subjectHasViewerAsContact: boolean,
): boolean {
  if (viewerId === subject.id) return true;
  switch (subject.lastSeenPrivacy) {
    case 'everyone':
      return true;
    case 'contacts':
      return subjectHasViewerAsContact;
    case 'nobody':
      return false;
  }
}
