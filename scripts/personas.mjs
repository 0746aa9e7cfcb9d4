// The demo personas of `npm start`: one Microsoft 365 Agents Playground each. People of the demo
// directory (src/directory/demo-directory.json) except Nora Ny, who is not in it.
//
// Why one Playground per persona: Playground 0.2.28 fixes the user at start (one `currentUser` per
// process, from its config file) and has no way to switch. It also acts as the Bot Connector: every
// activity it sends carries `serviceUrl: http://localhost:<its port>/_connector`, the bot keeps that
// in the person's conversation reference and sends proactive messages there — so what the bot
// sends to Kari appears in Kari's Playground, whichever Playground caused it.

export const TENANT_ID = '7e4f0c2a-3b1d-4c5e-8f9a-0b1c2d3e4f50';
export const BOT = { id: '00000000-0000-0000-0000-00000000b075', name: 'KSF' };

/** In the order of their ports (PLAYGROUND_PORT, +1, +2, …). `about` is what `npm start` prints. */
export const PERSONAS = [
  { key: 'ingrid', name: 'Ingrid Haugen', email: 'ingrid.haugen@notodden.example.no', oid: '4005', about: 'coordinator, Notodden cluster; admin in the demo' },
  { key: 'kari', name: 'Kari Nordmann', email: 'kari.nordmann@krodsherad.example.no', oid: '3318', about: 'contact, Krødsherad' },
  { key: 'sigrid', name: 'Sigrid Bakken', email: 'sigrid.bakken@seljord.example.no', oid: '4022', about: 'employee, Seljord, nynorsk' },
  { key: 'astrid', name: 'Astrid Lie', email: 'astrid.lie@seljord.example.no', oid: 'a004', about: 'contact, Seljord, nynorsk' },
  { key: 'lars', name: 'Lars Moen', email: 'lars.moen@notodden.example.no', oid: 'a002', about: 'contact, Notodden' },
  { key: 'jon', name: 'Jon Skaug', email: 'jon.skaug@skien.example.no', oid: 'a003', about: 'coordinator, Grenland' },
  { key: 'nora', name: 'Nora Ny', email: 'nora.ny@krodsherad.example.no', oid: 'a001', about: 'not in the directory' },
];

/** The Playground's user record of a persona (the shape of `currentUser` and `users`). */
export function playgroundUser(p) {
  const [givenName, ...rest] = p.name.split(' ');
  return {
    id: `user-${p.key}`,
    name: p.name,
    userPrincipleName: p.email, // sic: the Playground's spelling
    aadObjectId: `7b1e3c52-0000-4000-8000-00000000${p.oid.padStart(4, '0')}`,
    givenName,
    surname: rest.join(' '),
    email: p.email,
  };
}

/**
 * The Playground config of one persona: they are `currentUser`, five others are the roster (the
 * Playground's schema wants exactly five `users`: with fewer or more it exits at start, reason only
 * in its log file). Chat, team and channel ids carry
 * the persona so that two Playgrounds never share a conversation id: the bot keys conversation
 * references by that id, and a shared one would send Kari's messages to whoever opened it last.
 */
export function playgroundConfig(persona) {
  const team = `team-ksf-notodden-${persona.key}`;
  return {
    version: '0.1.1',
    tenantId: TENANT_ID,
    bot: BOT,
    currentUser: playgroundUser(persona),
    users: PERSONAS.filter((p) => p.key !== persona.key)
      .slice(0, 5)
      .map(playgroundUser),
    personalChat: { id: `personal-chat-${persona.key}` },
    groupChat: { id: `group-chat-${persona.key}`, name: 'KSF-gruppe' },
    team: {
      id: team,
      name: 'KSF Notodden-klyngen',
      aadGroupId: '7b1e3c52-0000-4000-8000-0000000000aa',
      channels: [{ id: `channel-ksf-general-${persona.key}`, name: 'Kunngjøringer' }],
    },
  };
}

/**
 * The personas `KSF_PERSONAS` asks for (comma-separated keys or first names, any case; empty = all),
 * in port order, or an error naming the unknown ones.
 */
export function selectPersonas(spec) {
  const wanted = (spec ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  if (wanted.length === 0) return { personas: PERSONAS };
  const unknown = wanted.filter((w) => !PERSONAS.some((p) => p.key === w));
  if (unknown.length) return { error: `KSF_PERSONAS: unknown persona ${unknown.join(', ')} (known: ${PERSONAS.map((p) => p.key).join(', ')})` };
  return { personas: PERSONAS.filter((p) => wanted.includes(p.key)) };
}
