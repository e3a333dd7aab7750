using Nuke.Common;

// `dotnet run --project build -- OmkProof` (or ./build.sh OmkProof): runs gates/*.fsx through the omk tool.
// `./build.sh OmkGoal --omk-goal-text "..."`: runs a goal (IOmkGoal includes IOmkProof).
class Build : NukeBuild, IOmkGoal
{
    public static int Main() => Execute<Build>(x => ((IOmkProof)x).OmkProof);
}
