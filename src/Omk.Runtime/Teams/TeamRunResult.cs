using Omk.Runs;

namespace Omk.Teams;

/// <summary>A team run that ended (or was found ended): its directory, its proof and the folded log.</summary>
public sealed record TeamRunResult(RunDirectory Run, TeamProof Proof, TeamView View, bool AlreadyFinished = false);
