#!/usr/bin/env node
// A terminal chat client for the API: signs in (registering on first use), prints the history with a peer,
// then sends every line you type and prints what arrives.
//
//   node scripts/chat.mjs <username> <password> <peer-username> [server-url]
//
// Example, in two terminals:
//   node scripts/chat.mjs alice 'correct horse' bob
//   node scripts/chat.mjs bob 'battery staple' alice
import { randomUUID } from 'node:crypto';
import { createInterface } from 'node:readline';
import { io } from 'socket.io-client';

const [username, password, peerName, base = process.env.CHAT_URL ?? 'http://localhost:3000'] =
  process.argv.slice(2);
if (!username || !password || !peerName) {
  console.error('usage: node scripts/chat.mjs <username> <password> <peer-username> [server-url]');
  process.exit(2);
}

async function api(method, path, { token, body } = {}) {
  const res = await fetch(`${base}/api${path}`, {
    method,
    headers: {
      ...(body ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const data = res.status === 204 ? undefined : await res.json();
  if (!res.ok)
    throw Object.assign(new Error(`${method} ${path}: ${res.status} ${JSON.stringify(data?.message)}`), {
      status: res.status,
    });
  return data;
}

async function signIn() {
  try {
    return await api('POST', '/auth/login', { body: { username, password } });
  } catch (error) {
    if (error.status !== 401) throw error;
    console.log(`(no account ${username} yet: registering it)`);
    return api('POST', '/auth/register', { body: { username, password } });
  }
}

const { user, accessToken } = await signIn();
console.log(`signed in as ${user.username}`);

let peer;
while (!peer) {
  const matches = await api('GET', `/users?search=${encodeURIComponent(peerName)}`, { token: accessToken });
  peer = matches.find((u) => u.username === peerName.normalize('NFKC').toLowerCase());
  if (!peer) {
    console.log(`(waiting for ${peerName} to register...)`);
    await new Promise((resolve) => setTimeout(resolve, 2000));
  }
}

const name = (id) => (id === user.id ? user.username : peer.username);
const show = (m) => console.log(`[${m.createdAt.slice(11, 19)}] ${name(m.sender)}: ${m.text}`);

const { messages } = await api('GET', `/messages?with=${peer.id}`, { token: accessToken });
console.log(`--- history with ${peer.username} (${messages.length} most recent) ---`);
messages.forEach(show);
console.log('--- type a message and press Enter; Ctrl+C to quit ---');

const socket = io(`${base}/chat`, { auth: { token: accessToken } });
socket.on('connect_error', (error) => console.error(`connection refused: ${error.message}`));
socket.on('receive_message', (m) => {
  if (m.sender === peer.id || m.receiver === peer.id) show(m);
  if (m.sender === peer.id) socket.emit('mark_read', { peer: peer.id, upTo: m.id }, () => undefined);
});
socket.on('message_delivered', (e) => console.log(`  (delivered ${e.id.slice(-6)})`));
socket.on(
  'messages_read',
  (e) => e.reader === peer.id && console.log(`  (${peer.username} read up to ${e.upTo.slice(-6)})`),
);
socket.on(
  'presence',
  (p) => p.userId === peer.id && console.log(`  (${peer.username} is ${p.online ? 'online' : 'offline'})`),
);
socket.on('disconnect', (reason) => console.log(`  (disconnected: ${reason})`));

const input = createInterface({ input: process.stdin });
input.on('line', async (text) => {
  if (!text.trim()) return;
  const ack = await socket
    .timeout(10_000)
    .emitWithAck('send_message', { receiver: peer.id, text, clientMsgId: randomUUID() });
  if (ack.ok) show(ack.message);
  else console.log(`  (not sent: ${ack.error.code} ${ack.error.message})`);
});
input.on('close', () => {
  socket.close();
  process.exit(0);
});
