using System.Xml;

namespace Omk.Evidence;

/// <summary>Reads the <c>UnitTestResult</c> elements of a TRX file: outcome, name, error message and stack trace.</summary>
internal static class TrxResults
{
    public static void Read(XmlReader xml, TestReportBuilder report)
    {
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "UnitTestResult")
            {
                continue;
            }

            var name = xml.GetAttribute("testName") ?? "(unnamed test)";
            var outcome = xml.GetAttribute("outcome") ?? string.Empty;
            switch (outcome)
            {
                case "Passed":
                case "PassedButRunAborted":
                    report.Passed();
                    Skip(xml);
                    break;
                case "Failed":
                case "Error":
                case "Timeout":
                case "Aborted":
                    var (message, stack) = ErrorInfo(xml);
                    report.Failed(name, message ?? outcome, stack);
                    break;
                default:
                    report.Skipped();
                    Skip(xml);
                    break;
            }
        }
    }

    private static void Skip(XmlReader xml)
    {
        if (!xml.IsEmptyElement)
        {
            xml.Skip();
        }
    }

    // Reads to the end of this UnitTestResult, picking up Output/ErrorInfo/Message and StackTrace.
    private static (string? Message, string? Stack) ErrorInfo(XmlReader xml)
    {
        if (xml.IsEmptyElement)
        {
            return (null, null);
        }

        string? message = null;
        string? stack = null;
        var depth = xml.Depth;
        var more = xml.Read();
        while (more && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            // ReadElementContentAsString leaves the reader on the next node already: no Read after it.
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "Message" && message is null)
            {
                message = xml.ReadElementContentAsString();
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "StackTrace" && stack is null)
            {
                stack = xml.ReadElementContentAsString();
            }
            else
            {
                more = xml.Read();
            }
        }

        return (message, stack);
    }
}
