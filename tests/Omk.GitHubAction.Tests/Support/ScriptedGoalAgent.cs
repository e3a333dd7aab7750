namespace Omk.GitHubAction.Tests.Support;

/// <summary>
/// A scripted ACP agent for a real <c>omk goal run</c>: it answers the planner with a one-task plan, writes
/// <c>widget.txt</c> as the worker, approves as the reviewer, and writes the environment it was started with to
/// <c>agent-env.json</c> beside itself (what the agent would see).
/// </summary>
public static class ScriptedGoalAgent
{
    /// <summary>Writes the script and returns the agent's command line (for the <c>agent</c> input).</summary>
    public static string Write(string directory)
    {
        var script = Path.Combine(directory, "scripted-goal-agent.mjs");
        File.WriteAllText(script, """
            import readline from 'node:readline';
            import fs from 'node:fs';
            import path from 'node:path';
            import { fileURLToPath } from 'node:url';
            fs.writeFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), 'agent-env.json'), JSON.stringify(process.env));
            const lines = readline.createInterface({ input: process.stdin });
            const send = (m) => process.stdout.write(JSON.stringify({ jsonrpc: '2.0', ...m }) + '\n');
            const cwds = new Map(); let sessions = 0;
            const plan = { tasks: [{ id: 'widget', title: 'Add the widget counter', prompt: 'Write widget.txt with a widget counter.', depends_on: [], write_set: ['widget.txt'], acceptance: [], gates: [] }] };
            lines.on('line', (line) => {
              const m = JSON.parse(line);
              if (m.method === undefined) return;
              if (m.method === 'initialize') send({ id: m.id, result: { protocolVersion: 1, agentCapabilities: {}, agentInfo: { name: 'scripted-goal-agent', version: '0.0.1' } } });
              else if (m.method === 'session/new') { const id = `s${sessions++}`; cwds.set(id, m.params.cwd); send({ id: m.id, result: { sessionId: id } }); }
              else if (m.method === 'session/prompt') {
                const sid = m.params.sessionId;
                const text = (m.params.prompt || []).map(p => p.text || '').join('\n');
                let answer = 'done';
                if (text.includes('You are the planner of an Omk goal.')) answer = '```json\n' + JSON.stringify(plan) + '\n```';
                else if (text.includes('You are the reviewer of an Omk goal.')) answer = '```json\n{"verdict":"approve","findings":[],"approve_sensitive":[]}\n```';
                else fs.writeFileSync(path.join(cwds.get(sid), 'widget.txt'), 'a widget counter\n');
                send({ method: 'session/update', params: { sessionId: sid, update: { sessionUpdate: 'agent_message_chunk', content: { type: 'text', text: answer } } } });
                send({ id: m.id, result: { stopReason: 'end_turn' } });
              } else if (m.id !== undefined) send({ id: m.id, error: { code: -32601, message: `unknown ${m.method}` } });
            });
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        return "node " + script;
    }
}
