namespace Jobs.Bench.Peers.Hangfire;

/// <summary>The job both workloads run: nothing, so that what is measured is Hangfire's own cost per job.</summary>
public static class NoOpJob
{
    // Hangfire invokes only public methods; a static one needs no activator.
    public static void Run()
    {
    }
}
