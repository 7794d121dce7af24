using System.Data;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Threading.Channels;
using Jobs.Contracts;
using Jobs.Worker.Options;
using Jobs.Worker.Persistence;
using Jobs.Worker.Running;
using Jobs.Worker.SagaRepository;
using Jobs.Worker.Telemetry;
using MassTransit;
using MassTransit.Serialization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Jobs.Worker.Outbox;

/// <summary>
/// Sends what the outbox holds (docs/design.md, "The outbox"): every worker runs one, woken by its own commits and
/// polling for the rest. A pass takes a batch of messages off the table in a transaction, sends them with the broker's
/// confirms, puts back any the broker did not confirm, and commits. Only the first undelivered message of each job can
/// be taken, so a job's messages go out one after the other in the order their changes committed; on PostgreSQL the
/// taken rows stay locked until the pass commits (<c>FOR UPDATE SKIP LOCKED</c>), so workers delivering at once never
/// send the same row and never wait for each other. A crash before the commit sends the messages again, with the
/// same message ids.
/// </summary>
sealed partial class OutboxDelivery(IServiceScopeFactory scopes, IBus bus, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxDelivery> logger)
    : BackgroundService
{
    /// <summary>The first undelivered message of each job, and every message that keeps no order, oldest first.</summary>
    const string Heads = """
        SELECT m.sequence FROM outbox_messages AS m
        WHERE m.job_id IS NULL OR NOT EXISTS (SELECT 1 FROM outbox_messages AS e WHERE e.job_id = m.job_id AND e.sequence < m.sequence)
        ORDER BY m.sequence LIMIT {0}
        """;

    /// <summary>
    /// Takes a batch of heads off the table, in the pass's transaction, which commits once the broker has confirmed them.
    /// On PostgreSQL that commit need not wait for the disk: a database crash that loses it only has those messages sent
    /// again, with the same ids, which subscribers expect anyway (the saga's own commits stay synchronous). The setting
    /// travels with the statement, so a pass costs two round trips: this one and the commit.
    /// </summary>
    const string TakeWithRowLocks =
        $"SET LOCAL synchronous_commit = off; DELETE FROM outbox_messages WHERE sequence IN ({Heads} FOR UPDATE OF m SKIP LOCKED) RETURNING *";

    /// <summary><see cref="TakeWithRowLocks"/> for SQLite, which has one writer at a time and no asynchronous commit.</summary>
    const string Take = $"DELETE FROM outbox_messages WHERE sequence IN ({Heads}) RETURNING *";

    static readonly string WakeUpType = OutboxMessageTypes.NameOf(typeof(RunJobs));
    static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(5);
    static readonly TimeSpan LastPassTimeout = TimeSpan.FromSeconds(5);

    readonly OutboxOptions _options = options.Value;
    readonly Channel<bool> _wakeUps = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });

    /// <summary>Tells the delivery that a commit wrote messages. Wake-ups while it is busy fold into one more pass.</summary>
    public void Wake() => _wakeUps.Writer.TryWrite(true);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            _wakeUps.Reader.TryRead(out _);
            try
            {
                var more = await DeliverBatchAsync(stoppingToken) is Pass.More;
                failures = 0;
                if (more)
                    continue;
                await WaitForWorkAsync(_options.PollInterval, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                failures++;
                var backoff = TimeSpan.FromMilliseconds(Math.Min(MaxBackoff.TotalMilliseconds, 100 * Math.Pow(2, Math.Min(failures, 16))));
                LogDeliveryFailed(ex, backoff);
                await WaitForWorkAsync(backoff, stoppingToken);
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
        }

        await LastPassAsync();
    }

    /// <summary>On the way out, what this worker's last commits wrote (a job handed back, say) is sent if the broker takes it quickly; otherwise another worker will.</summary>
    async Task LastPassAsync()
    {
        using var timeout = new CancellationTokenSource(LastPassTimeout);
        try
        {
            while (await DeliverBatchAsync(timeout.Token) is not Pass.Empty)
            {
            }
        }
        catch (Exception ex)
        {
            LogLastPassFailed(ex);
        }
    }

    async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var woken = _wakeUps.Reader.WaitToReadAsync(waiting.Token).AsTask();
        await Task.WhenAny(woken, Task.Delay(timeout, clock, waiting.Token));
        await waiting.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    /// <summary>
    /// One pass: takes a batch, sends it, and commits the removal of what the broker confirmed; what it did not confirm
    /// is put back as it was (same place, same message id). Answers whether another pass is due at once: a full batch may
    /// have left rows behind, and a job's next message becomes claimable only once this pass has removed the one before
    /// it. Messages committed during the pass need no such answer: their commits wake the delivery again.
    /// </summary>
    async Task<Pass> DeliverBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<JobsDbContext>();
        // The taken rows stay locked until the pass commits: on PostgreSQL other workers skip them rather than wait, and
        // see that a job's earlier message is still there. SQLite serves one process, whose writes wait for the pass.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken);
        var batch = await db.OutboxMessages
            .FromSqlRaw(db.HasRowLocks() ? TakeWithRowLocks : Take, _options.BatchSize)
            .AsNoTracking()
            .ToListAsync(cancellationToken);
        if (batch.Count == 0)
            return Pass.Empty;

        // A message past its expiry (a RunJob whose pickup timeout ended while the broker was away) is not worth sending:
        // the job it was for is offered again.
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var expired in batch.Where(m => m.ExpiresAt <= now))
            LogExpired(expired.MessageType, expired.JobId);
        // Wake-ups carry nothing, so one sent for a batch's wake-ups does the work of all of them.
        var wakeUps = batch.Where(IsWakeUp).ToList();
        var toSend = batch.Where(m => !IsWakeUp(m) && !(m.ExpiresAt <= now)).OrderBy(m => m.Sequence).Concat(wakeUps.Take(1)).ToList();
        using var sending = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        sending.CancelAfter(_options.PublishTimeout);
        // The batch holds at most one message per job, so its messages may go out side by side.
        var outcomes = await Task.WhenAll(toSend.Select(m => TrySendAsync(m, now, sending.Token)));
        var unconfirmed = toSend.Where((_, i) => outcomes[i] is not null).SelectMany(m => IsWakeUp(m) ? wakeUps : [m]).ToList();
        // Finished even when stopping: a confirmed message left in the outbox would be sent twice.
        if (unconfirmed.Count > 0)
        {
            db.OutboxMessages.AddRange(unconfirmed);
            await db.SaveChangesAsync(CancellationToken.None);
        }

        // Asked in the pass's transaction, which no longer sees the rows it took: one statement where an empty pass would
        // take a transaction of its own after nearly every batch.
        var jobs = batch.Where(m => m.JobId is not null).Select(m => m.JobId).Distinct().ToList();
        var more = batch.Count >= _options.BatchSize
            || (jobs.Count > 0 && await db.OutboxMessages.AnyAsync(m => jobs.Contains(m.JobId), CancellationToken.None));
        await transaction.CommitAsync(CancellationToken.None);

        var failed = outcomes.Where(x => x is not null).ToList();
        if (failed.Count > 0)
            throw new OutboxDeliveryException(failed.Count, toSend.Count, failed[0]!);
        return more ? Pass.More : Pass.Done;
    }

    /// <summary>What a pass found: nothing, a batch and no more for now, or a batch with more behind it.</summary>
    enum Pass
    {
        Empty,
        Done,
        More,
    }

    static bool IsWakeUp(OutboxMessage row) => row.MessageType == WakeUpType;

    /// <summary>Sends one message; answers null once the broker has confirmed it, or why not.</summary>
    async Task<Exception?> TrySendAsync(OutboxMessage row, DateTime now, CancellationToken cancellationToken)
    {
        using var span = JobSpans.StartOutbox(row);
        try
        {
            var type = OutboxMessageTypes.TypeOf(row.MessageType);
            var message = JsonSerializer.Deserialize(row.Body, type, SystemTextJsonMessageSerializer.Options)
                ?? throw new InvalidOperationException($"Outbox message {row.MessageId} has an empty body.");
            if (row.DestinationAddress is { } address)
            {
                var endpoint = await bus.GetSendEndpoint(address);
                await endpoint.Send(message, type, Pipe.Execute<SendContext>(c => Stamp(c, row, now)), cancellationToken);
            }
            else
            {
                await bus.Publish(message, type, Pipe.Execute<PublishContext>(c => Stamp(c, row, now)), cancellationToken);
            }

            return null;
        }
        catch (Exception ex)
        {
            span?.SetStatus(ActivityStatusCode.Error, ex.Message);
            return ex;
        }
    }

    /// <summary>The same message id, request id and recorded time on every attempt; what is left of its life, if it expires.</summary>
    static void Stamp(SendContext context, OutboxMessage row, DateTime now)
    {
        if (row.ExpiresAt is { } expiresAt)
            context.TimeToLive = expiresAt - now;
        context.MessageId = row.MessageId;
        context.RequestId = row.RequestId;
        context.Durable = row.Durable;
        context.Headers.Set(JobMessageHeaders.RecordedAt,
            DateTime.SpecifyKind(row.RecordedAt, DateTimeKind.Utc).ToString("O", CultureInfo.InvariantCulture));
    }

    [LoggerMessage(LogLevel.Warning, "The outbox dropped a {MessageType} of job {JobId}: it expired before it could be sent")]
    partial void LogExpired(string messageType, Guid? jobId);

    [LoggerMessage(LogLevel.Warning, "Delivering the outbox failed; trying again in {Backoff}")]
    partial void LogDeliveryFailed(Exception exception, TimeSpan backoff);

    [LoggerMessage(LogLevel.Information, "The outbox was not emptied before stopping; another worker will deliver what is left")]
    partial void LogLastPassFailed(Exception exception);
}

/// <summary>Some messages of a batch were not confirmed by the broker; they stay in the outbox and are sent again.</summary>
sealed class OutboxDeliveryException(int failed, int batch, Exception first)
    : Exception($"{failed} of {batch} outbox messages were not delivered; the first failure: {first.Message}", first);
