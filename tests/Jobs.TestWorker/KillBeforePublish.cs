using System.Diagnostics;
using MassTransit;

namespace Jobs.TestWorker;

/// <summary>
/// A crash at the worst moment for a publisher, on cue: the first time the worker is about to publish a message
/// of the type named <paramref name="messageType"/> (its short name, <c>JobSucceeded</c>), the process kills
/// itself with SIGKILL. The change the message announces has committed, nothing of the message has reached the
/// broker, and no shutdown code runs.
/// </summary>
sealed class KillBeforePublish(string messageType) : IPublishObserver
{
    /// <summary>The environment variable that names the message type; the hook is off without it.</summary>
    public const string Variable = "JOBS_TEST_KILL_BEFORE_PUBLISH";

    public Task PrePublish<T>(PublishContext<T> context)
        where T : class
    {
        if (typeof(T).Name == messageType)
            Process.GetCurrentProcess().Kill();
        return Task.CompletedTask;
    }

    public Task PostPublish<T>(PublishContext<T> context)
        where T : class =>
        Task.CompletedTask;

    public Task PublishFault<T>(PublishContext<T> context, Exception exception)
        where T : class =>
        Task.CompletedTask;
}
