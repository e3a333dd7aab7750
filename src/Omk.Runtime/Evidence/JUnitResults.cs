using System.Globalization;
using System.Xml;

namespace Omk.Evidence;

/// <summary>
/// Reads the <c>testcase</c> elements of a JUnit XML file: a <c>failure</c> or <c>error</c> child fails it (its
/// <c>message</c> attribute, else its first text line, is the message; its text is searched for a stack frame), a
/// <c>skipped</c> child skips it, else it passed. <c>file</c>/<c>line</c> attributes locate it when present.
/// </summary>
internal static class JUnitResults
{
    public static void Read(XmlReader xml, TestReportBuilder report)
    {
        do
        {
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "testcase")
            {
                ReadCase(xml, report);
            }
        }
        while (xml.Read());
    }

    private static void ReadCase(XmlReader xml, TestReportBuilder report)
    {
        var name = xml.GetAttribute("name") ?? "(unnamed test)";
        var className = xml.GetAttribute("classname");
        var fullName = string.IsNullOrEmpty(className) ? name : className + "." + name;
        var file = xml.GetAttribute("file");
        int? line = int.TryParse(xml.GetAttribute("line"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) ? l : null;
        if (xml.IsEmptyElement)
        {
            report.Passed();
            return;
        }

        var depth = xml.Depth;
        string? outcome = null;
        string? message = null;
        string? text = null;
        var more = xml.Read();
        while (more && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            var element = xml.NodeType == XmlNodeType.Element ? xml.LocalName : null;
            if (outcome != "failure" && element is "failure" or "error")
            {
                outcome = "failure";
                message = xml.GetAttribute("message");
                if (!xml.IsEmptyElement)
                {
                    text = xml.ReadElementContentAsString(); // leaves the reader on the next node
                    continue;
                }
            }
            else if (element == "skipped")
            {
                outcome ??= "skipped";
            }

            more = xml.Read();
        }

        if (outcome == "failure")
        {
            var shown = string.IsNullOrWhiteSpace(message) ? FirstLine(text) : message;
            report.Failed(fullName, shown, text, file, line);
        }
        else if (outcome == "skipped")
        {
            report.Skipped();
        }
        else
        {
            report.Passed();
        }
    }

    private static string? FirstLine(string? text) =>
        text?.Split('\n').Select(s => s.Trim()).FirstOrDefault(s => s.Length > 0);
}
