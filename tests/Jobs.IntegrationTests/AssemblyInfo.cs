using Jobs.IntegrationTests.Infrastructure;

[assembly: AssemblyFixture(typeof(TestServices))]
// Three classes at a time on two cores, not one per core: a spec spends most of its time waiting (for a process to
// start, a lease to run out, a broker timeout), not computing. The fault tests still run alone, after the others.
[assembly: Xunit.v3.Parallelization(MaxThreads = 3)]
