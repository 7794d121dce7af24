namespace Jobs.Worker.Validation;

/// <summary>A command that can never succeed, however often it is retried; it faults at once.</summary>
public sealed class InvalidJobException(string message) : Exception(message);
