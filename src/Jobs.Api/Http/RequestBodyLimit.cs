using Jobs.Api.Options;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Jobs.Api.Http;

/// <summary>
/// Reads no more of a request body than <see cref="JobsApiOptions.MaxRequestBodySize"/>: a <c>Content-Length</c> past it
/// is a <c>413</c> at once, and a body without one (chunked) is cut off where it passes the limit, by the server where
/// it can (Kestrel's <see cref="IHttpMaxRequestBodySizeFeature"/>) and by a counting stream otherwise. Either way the
/// endpoint's read fails with a 413 <see cref="BadHttpRequestException"/>, which becomes a JSON:API error. An endpoint
/// that takes files sets a limit of its own (<see cref="IRequestSizeLimitMetadata"/>, <c>.WithRequestSizeLimit(…)</c>).
/// </summary>
sealed class RequestBodyLimit(RequestDelegate next, IOptions<JobsApiOptions> options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? options.Value.MaxRequestBodySize;
        if (context.Request.ContentLength > limit)
        {
            await TooLarge(limit).ExecuteAsync(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } server)
            server.MaxRequestBodySize = limit;
        else
            context.Request.Body = new LimitedStream(context.Request.Body, limit);

        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await TooLarge(limit).ExecuteAsync(context);
        }
    }

    static IResult TooLarge(long limit) =>
        ApiErrors.Result(StatusCodes.Status413PayloadTooLarge, $"The request body is larger than the {limit} bytes this API reads.");

    /// <summary>A request body that fails like Kestrel's once more than <c>limit</c> bytes have been read from it.</summary>
    sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        long _read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        int Count(int read)
        {
            _read += read;
            return _read > limit ? throw new BadHttpRequestException("The request body is too large.", StatusCodes.Status413PayloadTooLarge) : read;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
