using System.Globalization;
using System.Text;

namespace Omk.Benchmarks;

/// <summary>A plain-text table of measurements: throughput and, where a baseline is named, the ratio to it.</summary>
internal sealed class ResultTable(string title)
{
    private readonly List<Row> _rows = [];

    public void Add(string name, Measurement measurement, string? baseline = null, double? target = null) =>
        _rows.Add(new Row(name, measurement, baseline, target));

    public Measurement this[string name] => _rows.First(r => r.Name == name).Measurement;

    public override string ToString()
    {
        var c = CultureInfo.InvariantCulture;
        var header = new[] { "case", "items", "best ms", "items/s", "MB/s", "vs baseline", "target" };
        var cells = _rows.Select(r =>
        {
            var m = r.Measurement;
            var ratio = r.Baseline is null ? "" : (m.PerSecond / this[r.Baseline].PerSecond).ToString("0.00x", c) + " of " + r.Baseline;
            var target = r.Target is null ? "" : (m.PerSecond >= r.Target ? "ok " : "MISS ") + "≥ " + r.Target.Value.ToString("N0", c);
            return new[]
            {
                r.Name,
                m.Items.ToString("N0", c),
                m.Best.TotalMilliseconds.ToString("N1", c),
                m.PerSecond.ToString("N0", c),
                (m.Bytes / 1e6 / m.Best.TotalSeconds).ToString("N1", c),
                ratio,
                target,
            };
        }).ToList();

        var widths = header.Select((h, i) => Math.Max(h.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length))).ToArray();
        var text = new StringBuilder().AppendLine(title);
        AppendRow(text, header, widths);
        AppendRow(text, widths.Select(w => new string('-', w)).ToArray(), widths);
        foreach (var row in cells)
        {
            AppendRow(text, row, widths);
        }

        return text.ToString();
    }

    private static void AppendRow(StringBuilder text, string[] cells, int[] widths)
    {
        for (var i = 0; i < cells.Length; i++)
        {
            // Names left-aligned, numbers right-aligned.
            text.Append(i == 0 || i >= 5 ? cells[i].PadRight(widths[i]) : cells[i].PadLeft(widths[i]));
            text.Append(i < cells.Length - 1 ? "  " : "");
        }

        text.AppendLine();
    }

    private sealed record Row(string Name, Measurement Measurement, string? Baseline, double? Target);
}
