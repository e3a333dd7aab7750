// A minimal ACP agent (stands in for "another ACP agent"): it has no session log, asks the client for things
// Omk does not offer (fs/*, terminal/*), sends update kinds kimi does not (plan, unknown ones), and reports the
// turn's tokens on its prompt answer.
import readline from 'node:readline';

const lines = readline.createInterface({ input: process.stdin });
const waiting = new Map();
let nextId = 0;
const send = (message) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...message }) + '\n');
const ask = (method, params) => new Promise((resolve) => { const id = nextId++; waiting.set(id, resolve); send({ id, method, params }); });
const update = (sessionId, body) => send({ method: 'session/update', params: { sessionId, update: body } });

lines.on('line', async (line) => {
  const message = JSON.parse(line);
  if (message.method === undefined) {
    waiting.get(message.id)?.(message);
    return;
  }

  switch (message.method) {
    case 'initialize':
      send({ id: message.id, result: { protocolVersion: 1, agentCapabilities: {}, agentInfo: { name: 'minimal-acp-agent', version: '0.0.1' } } });
      break;
    case 'session/new':
      send({ id: message.id, result: { sessionId: 'minimal-1' } });
      break;
    case 'session/prompt': {
      const session = message.params.sessionId;
      const fs = await ask('fs/read_text_file', { sessionId: session, path: '/etc/hostname' });
      const terminal = await ask('terminal/create', { sessionId: session, command: 'ls' });
      update(session, { sessionUpdate: 'plan', entries: [{ content: 'read the notes', priority: 'high', status: 'pending' }] });
      update(session, { sessionUpdate: 'agent_thought_chunk', content: { type: 'text', text: 'thinking' } });
      update(session, { sessionUpdate: 'tool_call', toolCallId: 't1', title: 'Read notes', kind: 'read', status: 'pending', rawInput: { path: 'notes.md' } });
      update(session, { sessionUpdate: 'tool_call_update', toolCallId: 't1', status: 'completed', locations: [{ path: '/w/notes.md', line: 3 }] });
      update(session, { sessionUpdate: 'something_new', detail: 42 });
      update(session, { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: `fs:${fs.error?.code} terminal:${terminal.error?.code}` } });
      // Token usage on the answer, as ACP's end-turn usage draft shapes it (Kimi keeps it in its session log instead).
      send({ id: message.id, result: { stopReason: 'end_turn', usage: { inputTokens: 120, outputTokens: 30, thoughtTokens: 5, cachedReadTokens: 40, totalTokens: 195 } } });
      break;
    }
    default:
      if (message.id !== undefined) {
        send({ id: message.id, error: { code: -32601, message: `unknown ${message.method}` } });
      }
  }
});
