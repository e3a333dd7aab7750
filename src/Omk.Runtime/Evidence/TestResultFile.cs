using System.Xml;

namespace Omk.Evidence;

/// <summary>
/// Reads one test result file into a <see cref="TestReportBuilder"/>, streaming (a 10,000-test file is never held
/// whole): TRX (<c>TestRun</c>, from <c>dotnet test --logger trx</c>) or JUnit XML (<c>testsuites</c> /
/// <c>testsuite</c>, as pytest, jest-junit, go-junit-report and others write it).
/// </summary>
public static class TestResultFile
{
    public static void Read(string path, TestReportBuilder report)
    {
        ArgumentNullException.ThrowIfNull(report);
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 64 * 1024);
            using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, IgnoreWhitespace = true, XmlResolver = null });
            xml.MoveToContent();
            switch (xml.LocalName)
            {
                case "TestRun":
                    TrxResults.Read(xml, report);
                    break;
                case "testsuites":
                case "testsuite":
                    JUnitResults.Read(xml, report);
                    break;
                default:
                    report.FileUnreadable(path, $"not a TRX or JUnit XML file (root element <{xml.LocalName}>)");
                    return;
            }

            report.FileRead(path);
        }
        catch (Exception ex) when (ex is XmlException or IOException or UnauthorizedAccessException)
        {
            report.FileUnreadable(path, ex.Message);
        }
    }
}
