using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Jobs.Api.Http;

/// <summary>The API's JSON: Elastic Path's snake_case names and timestamps with milliseconds and <c>Z</c>.</summary>
static class ApiJson
{
    public static void Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new MillisecondTimestampConverter());
    }

    /// <summary><c>2024-01-05T13:46:42.142Z</c>: always UTC, always three fraction digits.</summary>
    sealed class MillisecondTimestampConverter : JsonConverter<DateTime>
    {
        const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";

        public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTime.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);

        public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.ToUniversalTime().ToString(Format, CultureInfo.InvariantCulture));
    }
}
