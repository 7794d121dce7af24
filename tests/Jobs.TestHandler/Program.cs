using Jobs.TestHandler;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

// A handler in another service as the README describes it, on the plain AMQP client: takes RunJob from its queue,
// reports JobHeartbeat and JobCompleted to the exchange its RunJob names, and does what each job's behavior says.
var queue = Required("JOBS_TEST_HANDLER_QUEUE");
var files = new RunFiles(Required("JOBS_TEST_RUNS"));
var factory = new ConnectionFactory { Uri = new Uri(Required("JOBS_TEST_HANDLER_RABBITMQ")) };

await using var connection = await factory.CreateConnectionAsync();
await using var deliveries = await connection.CreateChannelAsync();
// Confirms: a report the broker has not confirmed may be lost, and the run's files claim no more than was confirmed.
await using var reports = new Reports(await connection.CreateChannelAsync(
    new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true)));
await deliveries.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false);
// Several runs at once, as a real service takes them: were Jobs to send two of a store's jobs together, both would run.
await deliveries.BasicQosAsync(prefetchSize: 0, prefetchCount: 16, global: false);

var consumer = new AsyncEventingBasicConsumer(deliveries);
consumer.ReceivedAsync += (_, delivery) =>
{
    var run = RunJob.Parse(delivery.Body.Span);
    var tag = delivery.DeliveryTag;
    _ = Task.Run(() => new ScriptedRun(run, reports, files).RunAsync(() => deliveries.BasicAckAsync(tag, multiple: false).AsTask()));
    return Task.CompletedTask;
};
await deliveries.BasicConsumeAsync(queue, autoAck: false, consumer);
Console.WriteLine($"Test handler consuming {queue}");

// Runs until it is killed: the tests stop it with SIGKILL, and its runs' state is only ever in whole files.
await Task.Delay(Timeout.Infinite);

static string Required(string variable) =>
    Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException($"{variable} must be set.");
