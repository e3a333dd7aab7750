using Nuke.Common;

// `dotnet run --project build -- OmkProof` (or ./build.sh OmkProof): runs gates/*.fsx through the omk tool.
class Build : NukeBuild, IOmkProof
{
    public static int Main() => Execute<Build>(x => ((IOmkProof)x).OmkProof);
}
