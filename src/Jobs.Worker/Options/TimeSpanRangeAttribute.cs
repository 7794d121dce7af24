using System.ComponentModel.DataAnnotations;

namespace Jobs.Worker.Options;

/// <summary>
/// <see cref="RangeAttribute"/> over <see cref="TimeSpan"/> bounds, converted once, when the attribute is made.
/// RangeAttribute converts its bounds on first use without a lock, and options validation shares one attribute
/// instance: two hosts starting at once could see the conversion half done and fail with an InvalidCastException.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TimeSpanRangeAttribute : RangeAttribute
{
    public TimeSpanRangeAttribute(string minimum, string maximum)
        : base(typeof(TimeSpan), minimum, maximum) =>
        // Any check converts the bounds (a null is valid), here, while only this thread holds the attribute.
        IsValid(null);
}
