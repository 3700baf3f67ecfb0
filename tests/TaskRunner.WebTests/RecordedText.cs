namespace TaskRunner.WebTests;

/// <summary>
/// One text the page wrote: the <c>data-role</c> of the nearest element that has one (e.g. <c>task-stage</c>), the
/// <c>data-file</c> of the upload it belongs to (empty outside uploads), and the text.
/// </summary>
public sealed record RecordedText(string Role, string File, string Text);
