using System.Text.Json;

namespace Jobs.Catalog.Prices;

/// <summary>
/// The JSON values of a stream one after another, each parsed only once all its bytes have arrived, whatever the
/// whitespace between them (one a line, or pretty-printed over many). Unlike the serializer's own enumeration, which
/// parses a whole buffer ahead and fails at the first bad value in it, this hands over every value before a bad one,
/// so an import can write them before it fails. One value may be at most <see cref="MaxValueBytes"/> long.
/// </summary>
sealed class JsonObjectStream(Stream stream)
{
    /// <summary>The largest single value read: far beyond any price, and a bound on what one object holds in memory.</summary>
    public const int MaxValueBytes = 4 * 1024 * 1024;

    static readonly JsonReaderState MultipleValues = new(new JsonReaderOptions { AllowMultipleValues = true });

    /// <summary>UTF-8's byte order mark, which some editors put at the start of a file.</summary>
    static ReadOnlySpan<byte> Bom => [0xEF, 0xBB, 0xBF];

    byte[] _buffer = new byte[64 * 1024];
    int _start;
    int _end;
    bool _final;
    long _line = 1;
    bool _began;

    /// <summary>The line the next value starts on or after, counted from 1.</summary>
    public long Line => _line;

    /// <summary>The next value, or null at the end of the stream. Throws <see cref="InvalidJsonException"/> where it is not JSON.</summary>
    public async Task<JsonElement?> NextAsync(CancellationToken ct)
    {
        while (true)
        {
            if (TryTake(out var value, out var ended))
                return value;
            if (ended)
                return null;
            await FillAsync(ct);
        }
    }

    bool TryTake(out JsonElement? value, out bool ended)
    {
        value = null;
        ended = false;
        var pending = _buffer.AsSpan(_start, _end - _start);
        var blank = 0;
        if (!_began && (pending.Length >= Bom.Length || _final))
        {
            _began = true;
            if (pending.StartsWith(Bom))
                blank = Bom.Length;
        }

        while (blank < pending.Length && pending[blank] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            blank++;
        _line += pending[..blank].Count((byte)'\n');
        _start += blank;
        pending = pending[blank..];
        if (pending.IsEmpty)
        {
            ended = _final;
            return false;
        }

        var reader = new Utf8JsonReader(pending, _final, MultipleValues);
        try
        {
            if (!JsonDocument.TryParseValue(ref reader, out var document))
                return false;
            using (document)
                value = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new InvalidJsonException(_line + (ex.LineNumber ?? 0));
        }

        var consumed = (int)reader.BytesConsumed;
        _line += pending[..consumed].Count((byte)'\n');
        _start += consumed;
        return true;
    }

    async Task FillAsync(CancellationToken ct)
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            if (_buffer.Length >= MaxValueBytes)
                throw new InvalidJsonException(_line, $"a value is longer than the {MaxValueBytes} bytes one object may take");
            Array.Resize(ref _buffer, Math.Min(_buffer.Length * 2, MaxValueBytes));
        }

        var read = await stream.ReadAsync(_buffer.AsMemory(_end), ct);
        _end += read;
        _final = read == 0;
    }
}

/// <summary>Where a stream of JSON values stops being one.</summary>
sealed class InvalidJsonException(long line, string? reason = null) : Exception(reason ?? $"invalid JSON near line {line}")
{
    public long Line { get; } = line;
}
