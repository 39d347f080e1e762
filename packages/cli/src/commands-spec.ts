/** How an option is written on the command line and described in the usage text. */
export interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** The placeholder shown after a string option, e.g. URL. */
  value?: string;
  help: string;
  /** A string option that must be a whole number in this range. */
  integer?: { min: number; max: number };
  /** May be given several times; the value is then a list. */
  multiple?: boolean;
}

/** A command's arguments, options and help text: the one source for parsing and usage. */
export interface CommandSpec {
  summary: string;
  /** The positional arguments as shown in the usage line. */
  args: string;
  minArgs: number;
  maxArgs: number;
  /** More about the command, after the usage line. */
  details?: string;
  options: Record<string, OptionSpec>;
  examples: string[];
}

const json: OptionSpec = { type: 'boolean', help: 'print JSON instead of text (one object per line for streams)' };

/** Options every command accepts. */
export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  profile: { type: 'string', value: 'NAME', help: 'the saved login to use (env PIGEON_CLI_PROFILE; default "default")' },
  help: { type: 'boolean', short: 'h', help: 'show this help' },
};

const TARGET = '<to> is a phone number (+14155550123), a user id, or a conversation id (d:… or g:…).';
const SEQ = '<seq> is the message\'s number, as `send` and `history --seq` print it.';
/** Shows message numbers, which reply, react, edit, delete and download take. */
const seqOption: OptionSpec = { type: 'boolean', help: 'show each message\'s number (#12), for --reply-to, react, edit, delete and download' };
const GROUP = '<group> is the group\'s id (g:…), as `group create` and `conversations` show it.';
const MEMBER = '<member> is a phone number (+14155550123) or a user id (`group info` lists them).';
/** What the group commands print. */
const GROUP_OUTPUT = 'Prints the change as the group sees it, then the group: members longest-standing first, admins marked.';
const groupOptions = { json: { type: 'boolean', help: 'print the server\'s answer as JSON: {seq, group}' } } satisfies Record<string, OptionSpec>;

/** A group command that takes <group> and one more argument. */
function groupChange(summary: string, args: string, example: string, details = GROUP_OUTPUT): CommandSpec {
  return {
    summary, args: `<group> ${args}`, minArgs: 2, maxArgs: args.endsWith('...>') ? Infinity : 2,
    details: `${GROUP}\n${details}`, options: groupOptions, examples: [example],
  };
}

/** Every command, in the order the usage text lists them. */
export const COMMANDS = {
  login: {
    summary: 'log in (or register) with a phone number and a one-time code',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    details: 'Requests a code and asks for it (the development server prints codes in its log). With --code,\n'
      + 'only verifies a code requested earlier. The session is saved to the profile, readable by you only.',
    options: {
      server: { type: 'string', value: 'URL', help: 'server base URL (env PIGEON_CLI_SERVER; default http://localhost:8080)' },
      'api-key': { type: 'string', value: 'KEY', help: 'the app API key the server printed at start (env PIGEON_CLI_API_KEY)' },
      phone: { type: 'string', value: 'E164', help: 'your phone number, like +14155550123 (required)' },
      code: { type: 'string', value: 'CODE', help: 'the 6-digit code, if you already have one' },
      'device-name': { type: 'string', value: 'NAME', help: 'how this device appears in `pigeon devices`' },
      name: { type: 'string', value: 'NAME', help: 'set your display name after logging in' },
    },
    examples: [
      'pigeon login --api-key dev_… --phone +14155550123',
      'pigeon --profile bob login --phone +14155550124 --code 123456 --name Bob',
    ],
  },
  whoami: {
    summary: 'show the logged-in user, device and server',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { json, 'show-token': { type: 'boolean', help: 'also print the session token (a secret!)' } },
    examples: ['pigeon whoami', 'pigeon --profile bob whoami --json'],
  },
  logout: {
    summary: 'revoke this device on the server and forget the profile',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: {},
    examples: ['pigeon logout'],
  },
  devices: {
    summary: 'list your devices (* marks this one)',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { json },
    examples: ['pigeon devices'],
  },
  revoke: {
    summary: 'log out one of your devices',
    args: '<deviceId>',
    minArgs: 1,
    maxArgs: 1,
    options: {},
    examples: ['pigeon revoke 01J0000000000000000000000A'],
  },
  send: {
    summary: 'send a message (text, media, a location or a contact) and wait until it is stored',
    args: '<to> [<text...>]',
    minArgs: 1,
    maxArgs: Infinity,
    details: `${TARGET}\nThe words of <text> are joined with spaces; "-" reads the text from standard input. Instead of\n`
      + 'text, send one file (uploaded first; over 8 MiB in resumable chunks, with progress on a terminal),\n'
      + 'a location or a contact. Any of them may answer an earlier message with --reply-to.',
    options: {
      image: { type: 'string', value: 'FILE', help: 'send a photo (JPEG, PNG, WebP, GIF, AVIF)' },
      video: { type: 'string', value: 'FILE', help: 'send a video (MP4, MOV, WebM)' },
      audio: { type: 'string', value: 'FILE', help: 'send audio or a voice note (MP3, M4A, Ogg/Opus, WAV, AAC, FLAC, WebM)' },
      file: { type: 'string', value: 'FILE', help: 'send any file as a document' },
      caption: { type: 'string', value: 'TEXT', help: 'text shown with the photo, video, audio or file' },
      location: { type: 'string', value: 'LAT,LON', help: 'send a location in degrees (a negative latitude: --location=-33.9,18.4)' },
      place: { type: 'string', value: 'NAME', help: 'the name of the place, with --location' },
      contact: { type: 'string', value: 'NAME', help: 'send a contact card, with one --phone or more' },
      phone: { type: 'string', value: 'PHONE', multiple: true, help: 'a phone number of the --contact (repeatable)' },
      'reply-to': { type: 'string', value: 'SEQ', help: 'answer message SEQ of the conversation', integer: { min: 1, max: Number.MAX_SAFE_INTEGER } },
      json,
    },
    examples: [
      'pigeon send +14155550123 hello there',
      'echo "build finished" | pigeon send +14155550123 -',
      'pigeon send +14155550123 --image beach.jpg --caption "we made it"',
      'pigeon send g:01J… --file report.pdf --reply-to 12',
      'pigeon send +14155550123 --location 52.5219,13.4132 --place Alexanderplatz',
      'pigeon send +14155550123 --contact "Dr. Ada" --phone "+44 20 7946 0000"',
    ],
  },
  react: {
    summary: 'react to a message with an emoji (one per person: a new one replaces yours)',
    args: '<to> <seq> [<emoji>]',
    minArgs: 2,
    maxArgs: 3,
    details: `${TARGET}\n${SEQ}`,
    options: { remove: { type: 'boolean', help: 'take your reaction back (no emoji)' }, json },
    examples: ['pigeon react +14155550123 12 👍', 'pigeon react +14155550123 12 --remove'],
  },
  edit: {
    summary: 'change the text (or caption) of one of your messages',
    args: '<to> <seq> <text...>',
    minArgs: 3,
    maxArgs: Infinity,
    details: `${TARGET}\n${SEQ} Only your own text and captions, within the server's edit window (15 minutes by default);\n`
      + 'everyone sees "(edited)". "-" reads the new text from standard input.',
    options: { json },
    examples: ['pigeon edit +14155550123 12 see you at 8, not 7'],
  },
  delete: {
    summary: 'delete one of your messages for everyone',
    args: '<to> <seq>',
    minArgs: 2,
    maxArgs: 2,
    details: `${TARGET}\n${SEQ} Your own messages (group admins: anyone's), within the server's window; its content and\n`
      + 'media are removed and everyone sees "This message was deleted".',
    options: { json },
    examples: ['pigeon delete +14155550123 12'],
  },
  download: {
    summary: 'save the photo, video, audio or file of a message',
    args: '<to> <seq>',
    minArgs: 2,
    maxArgs: 2,
    details: `${TARGET}\n${SEQ} Saves to the current folder as the file's own name, or as image-12.jpg and the like.`,
    options: {
      out: { type: 'string', value: 'PATH', help: 'where to save it (a folder keeps the default name)' },
      thumbnail: { type: 'boolean', help: 'the small preview (WebP) instead of the original' },
      force: { type: 'boolean', help: 'replace the file if it exists' },
      json: { type: 'boolean', help: 'print {path, bytes, mime, media, conv, seq, thumbnail}' },
    },
    examples: ['pigeon download +14155550123 12', 'pigeon download g:01J… 40 --out ~/Downloads --thumbnail'],
  },
  follow: {
    summary: 'print messages as they arrive; with <to>, chat in that conversation',
    args: '[<to>]',
    minArgs: 0,
    maxArgs: 1,
    details: `${TARGET}\nMissed messages come first, then live ones, receipts, typing and presence. With <to>, each\n`
      + 'line typed (or piped) on standard input is sent there. Ctrl-C, SIGTERM or the end of input stops.',
    options: { json, read: { type: 'boolean', help: 'mark messages read as they are shown' }, seq: seqOption },
    examples: ['pigeon follow', 'pigeon follow +14155550123 --read', 'pigeon follow --json > events.jsonl'],
  },
  history: {
    summary: 'print a page of a conversation, oldest first',
    args: '<to>',
    minArgs: 1,
    maxArgs: 1,
    details: TARGET,
    options: {
      limit: { type: 'string', value: 'N', help: 'messages per page (default 20, at most 200)', integer: { min: 1, max: 200 } },
      before: { type: 'string', value: 'SEQ', help: 'only messages before this seq (the previous page)', integer: { min: 1, max: Number.MAX_SAFE_INTEGER } },
      seq: seqOption,
      json,
    },
    examples: ['pigeon history +14155550123', 'pigeon history +14155550123 --limit 50 --before 120'],
  },
  conversations: {
    summary: 'list conversations with unread counts and the last message',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    options: { limit: { type: 'string', value: 'N', help: 'how many (default 100)', integer: { min: 1, max: 500 } }, json },
    examples: ['pigeon conversations', 'pigeon conversations --json'],
  },
  info: {
    summary: 'show who has received and read one of your messages, and when',
    args: '<to> <seq>',
    minArgs: 2,
    maxArgs: 2,
    details: `${TARGET}\n<seq> is the message's number, as \`send\` prints it. Only the sender may ask; the answer covers the\n`
      + 'people in the conversation now.',
    options: { json },
    examples: ['pigeon info g:01J0000000000000000000000G 12', 'pigeon info +14155550123 7 --json'],
  },
  'group create': {
    summary: 'create a group with you as its admin',
    args: '<name> <member...>',
    minArgs: 2,
    maxArgs: Infinity,
    details: `${MEMBER}\nPrints the new group's id (g:…) and its members.`,
    options: {
      description: { type: 'string', value: 'TEXT', help: 'what the group is about' },
      ...groupOptions,
    },
    examples: ['pigeon group create Crew +14155550123 +14155550124', 'pigeon group create "Book club" +14155550123 --description "one a month"'],
  },
  'group info': {
    summary: 'show a group: name, description, settings and members',
    args: '<group>',
    minArgs: 1,
    maxArgs: 1,
    details: GROUP,
    options: { json: { type: 'boolean', help: 'print the group as JSON' } },
    examples: ['pigeon group info g:01J0000000000000000000000G'],
  },
  'group add': groupChange('add members to a group (admins only)', '<member...>', 'pigeon group add g:01J… +14155550123 +14155550124', `${MEMBER}\n${GROUP_OUTPUT}`),
  'group remove': groupChange('remove a member from a group (admins only)', '<member>', 'pigeon group remove g:01J… +14155550123', `${MEMBER}\n${GROUP_OUTPUT}`),
  'group leave': {
    summary: 'leave a group (the history up to then stays readable)',
    args: '<group>',
    minArgs: 1,
    maxArgs: 1,
    details: `${GROUP}\nWhen the last admin leaves, the longest-standing member becomes admin.`,
    options: groupOptions,
    examples: ['pigeon group leave g:01J0000000000000000000000G'],
  },
  'group promote': groupChange('make a member an admin (admins only)', '<member>', 'pigeon group promote g:01J… +14155550123', `${MEMBER}\n${GROUP_OUTPUT}`),
  'group demote': groupChange('take admin rights from a member (admins only)', '<member>', 'pigeon group demote g:01J… +14155550123', `${MEMBER}\nA group keeps at least one admin (LAST_ADMIN otherwise).\n${GROUP_OUTPUT}`),
  'group rename': groupChange('rename a group (admins only)', '<name...>', 'pigeon group rename g:01J… "Crew 2"'),
  'group describe': groupChange('change a group\'s description (admins only; "" removes it)', '<text...>', 'pigeon group describe g:01J… "we sail at dawn"'),
  'group admins-only': groupChange('let only admins send (on), or everyone (off) (admins only)', 'on|off', 'pigeon group admins-only g:01J… on'),
  capacity: {
    summary: 'estimate nodes, shards, Redis memory and bandwidth from benchmark results (no server needed)',
    args: '',
    minArgs: 0,
    maxArgs: 0,
    details: 'Turns measured per-node figures (docs/benchmarks.json from `npm run bench -- report`, or the JSON lines of\n'
      + '`npm run bench -- <scenario> --json`) into a deployment estimate and prints every step with its units.\n'
      + 'Each figure comes from its option, else the benchmark file, else a stated default; the report says which.\n'
      + 'Numbers may be written 1000000, 1,000,000, 1_000_000 or 1e6.',
    options: {
      users: { type: 'string', value: 'N', help: 'registered users (required)' },
      'peak-online': { type: 'string', value: 'N', help: 'connections online at the busiest moment (required)' },
      'messages-per-day': { type: 'string', value: 'N', help: 'messages sent per day, all users together (required)' },
      from: { type: 'string', value: 'FILE', help: 'benchmark results: docs/benchmarks.json or bench JSON lines (default docs/benchmarks.json)' },
      'peak-factor': { type: 'string', value: 'X', help: 'peak message rate ÷ average rate (default 3)' },
      'direct-fraction': { type: 'string', value: 'X', help: 'share of messages that are one-to-one, 0 to 1 (default 0.8)' },
      'group-size': { type: 'string', value: 'N', help: 'average members of the group a group message goes to (default 10)' },
      'cores-per-node': { type: 'string', value: 'N', help: 'CPU cores per node (default: the bench machine\'s)' },
      utilisation: { type: 'string', value: 'X', help: 'CPU share to plan for, 0 to 1; the rest is headroom (default 0.6)' },
      'ram-gib': { type: 'string', value: 'N', help: 'RAM per node in GiB (default 64)' },
      'usable-ram': { type: 'string', value: 'X', help: 'share of RAM for connections, 0 to 1 (default 0.7)' },
      'spare-nodes': { type: 'string', value: 'N', help: 'nodes on top for failure and drains (default 1: N+1)' },
      'per-node-messages-per-s': { type: 'string', value: 'N', help: 'direct messages one node delivers per second at full CPU (instead of results.direct)' },
      'per-node-group-deliveries-per-s': { type: 'string', value: 'N', help: 'group deliveries per second per node at full CPU (instead of results.group)' },
      'bytes-per-connection': { type: 'string', value: 'B', help: 'server memory per idle connection (instead of results.idle)' },
      'shard-writes-per-s': { type: 'string', value: 'N', help: 'message writes per second one store shard takes (default: results.direct_cluster, else 5,000)' },
      'bytes-per-message': { type: 'string', value: 'B', help: 'stored bytes per message (instead of results.history)' },
      'retention-days': { type: 'string', value: 'N', help: 'days of history kept (default 365)' },
      'session-bytes': { type: 'string', value: 'B', help: 'Redis bytes per online connection\'s session entry (default 300)' },
      'rate-limit-bytes': { type: 'string', value: 'B', help: 'Redis bytes of rate-limit counters per online connection (default 120)' },
      'text-bytes': { type: 'string', value: 'B', help: 'average message text (default: results.direct.text_bytes, else 100)' },
      'frame-overhead-bytes': { type: 'string', value: 'B', help: 'bytes of a frame besides its text: JSON, WebSocket, TLS (default 200)' },
      json: { type: 'boolean', help: 'print {inputs, steps, result, seed} as JSON' },
    },
    examples: [
      'pigeon capacity --users 1e9 --peak-online 40,000,000 --messages-per-day 64e9',
      'pigeon capacity --users 1e6 --peak-online 50000 --messages-per-day 2e7 --from bench.jsonl --bytes-per-connection 40000 --bytes-per-message 400',
    ],
  },
} satisfies Record<string, CommandSpec>;

/** The name of a command, e.g. `send` or `group add`. */
export type CommandName = keyof typeof COMMANDS;

type FirstWord<T> = T extends `${infer First} ${string}` ? First : never;
/** The first word of two-word commands (`group`): a topic whose help lists its commands. */
export type CommandFamily = FirstWord<CommandName>;
/** What `pigeon help` can explain: a command, or a family of commands. */
export type Topic = CommandName | CommandFamily;

/** Whether a word (or two) names a command. */
export function isCommandName(name: string): name is CommandName {
  return Object.hasOwn(COMMANDS, name);
}

/** The commands of a family, e.g. every `group …` one; none for a word that is not a family. */
export function familyCommands(word: string): CommandName[] {
  return (Object.keys(COMMANDS) as CommandName[]).filter((name) => name.startsWith(`${word} `));
}

/** Whether a word is the first word of two-word commands. */
export function isFamily(word: string): word is CommandFamily {
  return familyCommands(word).length > 0;
}

/** What each family is about, for its help page. */
export const FAMILIES: Record<CommandFamily, string> = {
  group: `Groups: create one, see it, and change its members, admins, name, description and settings.\n${GROUP}\n${MEMBER}`,
};
