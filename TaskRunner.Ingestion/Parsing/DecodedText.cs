namespace TaskRunner.Ingestion.Parsing;

/// <summary>Decoded text and the web name of the encoding it was read with ("utf-8", "gb18030", …).</summary>
public sealed record DecodedText(string Text, string EncodingName);
