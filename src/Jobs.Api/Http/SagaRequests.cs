using MassTransit;

namespace Jobs.Api.Http;

/// <summary>Asks the saga something with a deadline; a late or unreachable saga is a 503, never a hung request.</summary>
static class SagaRequests
{
    /// <summary>
    /// Requests the broker need not write to disk: the API waits for the answer and answers 503 when none comes,
    /// so a broker crash loses nothing a client does not retry. A persistent message on a durable queue is
    /// confirmed only once the broker has synced it, a wait every request would feel.
    /// </summary>
    public static void NotDurable<T>(IRequestPipeConfigurator<T> request)
        where T : class =>
        request.UseExecute(context => context.Durable = false);

    /// <summary>The reply, or null when none came within <paramref name="timeout"/> (broker down, workers busy or gone).</summary>
    public static async Task<T?> AskAsync<T>(Func<CancellationToken, Task<T>> ask, TimeSpan timeout, CancellationToken requestAborted)
        where T : struct
    {
        // The deadline also covers the send: with the broker away, a publish waits for its connection.
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(requestAborted);
        deadline.CancelAfter(timeout);
        try
        {
            return await ask(deadline.Token);
        }
        catch (RequestTimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            return null;
        }
    }
}
