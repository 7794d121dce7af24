namespace Jobs.Bench.Peers.MassTransit;

/// <summary>The job both workloads submit; the index only makes each job's payload distinct.</summary>
public sealed record NoOpJob(int Index);
