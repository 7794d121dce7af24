using System.Collections.Frozen;
using Jobs.Contracts;
using Jobs.Worker.Running;

namespace Jobs.Worker.Outbox;

/// <summary>
/// The messages that go through the outbox, by the name a row stores: nothing else can be written, and a row is
/// turned back into exactly the type it was written from.
/// </summary>
static class OutboxMessageTypes
{
    static readonly FrozenDictionary<string, Type> ByName = new[]
    {
        typeof(JobSubmitted), typeof(JobStarted), typeof(JobSucceeded), typeof(JobFailed), typeof(JobCancelled), typeof(JobNotFound),
        typeof(RunJobs), typeof(RunJob),
    }.ToFrozenDictionary(t => t.FullName!, StringComparer.Ordinal);

    public static string NameOf(Type type) =>
        ByName.ContainsKey(type.FullName!)
            ? type.FullName!
            : throw new ArgumentException($"{type.FullName} is not a message the outbox delivers; add it to {nameof(OutboxMessageTypes)}.", nameof(type));

    public static Type TypeOf(string name) =>
        ByName.TryGetValue(name, out var type)
            ? type
            : throw new InvalidOperationException($"The outbox holds a message of unknown type '{name}', written by another version of Jobs.");
}
