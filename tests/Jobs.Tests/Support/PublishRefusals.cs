using System.Collections.Concurrent;
using Jobs.Contracts;
using MassTransit;

namespace Jobs.Tests.Support;

/// <summary>
/// Makes publishes of one event type fail, as a broker that refuses or drops them would, and records every publish
/// that went through, in order. A refused publish fails before anything is sent.
/// </summary>
public sealed class PublishRefusals : IPublishObserver
{
    readonly ConcurrentQueue<(Type Type, Guid? JobId, Guid MessageId)> _sent = new();
    readonly ConcurrentQueue<Guid> _refused = new();
    Type? _refusedType;
    int _toRefuse;

    /// <summary>Refuses the next <paramref name="count"/> publishes of <typeparamref name="T"/>.</summary>
    public void RefuseNext<T>(int count = 1)
    {
        _refusedType = typeof(T);
        Volatile.Write(ref _toRefuse, count);
    }

    /// <summary>Refuses every publish of <typeparamref name="T"/> until <see cref="Allow"/>.</summary>
    public void RefuseAll<T>() => RefuseNext<T>(int.MaxValue);

    public void Allow() => Volatile.Write(ref _toRefuse, 0);

    /// <summary>The message ids of the publishes refused, in order.</summary>
    public IReadOnlyList<Guid> Refused => [.. _refused];

    /// <summary>Every message published (with its job, for a job's event), in the order the publishes completed.</summary>
    public IReadOnlyList<(Type Type, Guid? JobId, Guid MessageId)> Sent => [.. _sent];

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class
    {
        if (typeof(T) != _refusedType)
            return Task.CompletedTask;
        for (var left = Volatile.Read(ref _toRefuse); left > 0; left = Volatile.Read(ref _toRefuse))
        {
            if (left != int.MaxValue && Interlocked.CompareExchange(ref _toRefuse, left - 1, left) != left)
                continue;
            _refused.Enqueue(context.MessageId!.Value);
            throw new InvalidOperationException($"The test refused this {typeof(T).Name}.");
        }

        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class
    {
        _sent.Enqueue((typeof(T), JobOf(context.Message)?.JobId, context.MessageId!.Value));
        return Task.CompletedTask;
    }

    static JobSnapshot? JobOf(object message) => message switch
    {
        JobSubmitted m => m.Job,
        JobStarted m => m.Job,
        JobSucceeded m => m.Job,
        JobFailed m => m.Job,
        JobCancelled m => m.Job,
        _ => null,
    };

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class =>
        Task.CompletedTask;
}
