namespace Jobs.Bench;

/// <summary>
/// One figure measured in several runs, each a fresh measurement: every run's value, and the median, which the table,
/// the targets and the existing keys of <c>latest.json</c> use. The spread (min–max) shows how far runs on this
/// machine drift apart.
/// </summary>
sealed record Figure
{
    public Figure(IEnumerable<double> runs)
    {
        Runs = runs.ToList();
        if (Runs.Count == 0)
            throw new ArgumentException("A figure needs at least one run.", nameof(runs));
        var sorted = Runs.Order().ToList();
        var middle = sorted.Count / 2;
        Median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public IReadOnlyList<double> Runs { get; }

    public double Median { get; }

    public double Min => Runs.Min();

    public double Max => Runs.Max();
}
