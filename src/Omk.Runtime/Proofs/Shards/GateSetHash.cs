using System.Security.Cryptography;
using System.Text;
using Omk.Gates;

namespace Omk.Proofs.Shards;

/// <summary>
/// The SHA-256 of a declared gate set: every gate's name, kind, command line, working directory, dependencies and
/// whether it is required, allowed to fail or skipped. Shards of one run share it; a shard whose gates differ
/// (another commit of the gate scripts, other inputs) does not, and a merge refuses it.
/// </summary>
public static class GateSetHash
{
    public static string Compute(GateSet gates)
    {
        ArgumentNullException.ThrowIfNull(gates);
        var text = new StringBuilder();
        foreach (var gate in gates.Gates.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            text.Append(gate.Name).Append('\0')
                .Append(gate.Kind).Append('\0')
                .Append(gate.CommandLine).Append('\0')
                .Append(gate.WorkingDirectory).Append('\0')
                .AppendJoin(',', gate.DependsOn.Order(StringComparer.Ordinal)).Append('\0')
                .Append(gate.Required ? 'r' : '-').Append(gate.AllowFail ? 'a' : '-').Append(gate.Skip ? 's' : '-')
                .Append('\n');
        }

        return "sha256:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString()))).ToLowerInvariant();
    }
}
