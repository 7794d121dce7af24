using Jobs.Api.Documents;
using Microsoft.AspNetCore.WebUtilities;

namespace Jobs.Api.Http;

/// <summary>JSON:API error responses: <c>{"errors":[{"status":"404","title":"Not Found","detail":…}]}</c>.</summary>
static class ApiErrors
{
    public static IResult BadRequest(string detail, string? parameter = null, string? pointer = null) =>
        Result(StatusCodes.Status400BadRequest, detail, Source(parameter, pointer));

    public static IResult NotFound(string detail) => Result(StatusCodes.Status404NotFound, detail);

    public static IResult Conflict(string detail, string? pointer = null) => Result(StatusCodes.Status409Conflict, detail, Source(null, pointer));

    public static IResult UnsupportedMediaType(string detail) => Result(StatusCodes.Status415UnsupportedMediaType, detail);

    public static IResult FailedValidation(string detail, string? pointer = null) =>
        Result(StatusCodes.Status422UnprocessableEntity, detail, Source(null, pointer));

    public static IResult FailedValidation(IEnumerable<(string Detail, string? Pointer)> problems) =>
        Results.Json(new ErrorDocument([.. problems.Select(p => Error(StatusCodes.Status422UnprocessableEntity, p.Detail, Source(null, p.Pointer)))]),
            statusCode: StatusCodes.Status422UnprocessableEntity);

    public static IResult ServiceUnavailable(string detail) => Result(StatusCodes.Status503ServiceUnavailable, detail);

    public static IResult Result(int status, string? detail, ErrorSource? source = null, string? requestId = null) =>
        Results.Json(new ErrorDocument([Error(status, detail, source, requestId)]), statusCode: status);

    public static ApiError Error(int status, string? detail, ErrorSource? source = null, string? requestId = null) => new()
    {
        Status = status.ToString(System.Globalization.CultureInfo.InvariantCulture),
        Title = Title(status),
        Detail = detail,
        Source = source,
        RequestId = requestId,
    };

    /// <summary>Elastic Path's titles: the reason phrase, except <c>Failed Validation</c> for 422.</summary>
    public static string Title(int status) => status == StatusCodes.Status422UnprocessableEntity
        ? "Failed Validation"
        : ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";

    static ErrorSource? Source(string? parameter, string? pointer) =>
        parameter is null && pointer is null ? null : new ErrorSource { Parameter = parameter, Pointer = pointer };
}
