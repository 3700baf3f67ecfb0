namespace TaskRunner.Generation.Exercises;

/// <summary>
/// The JSON schema of the LLM's reply, <c>{"exercises":[...]}</c>, valid for OpenAI's
/// <c>response_format: {type: json_schema, strict: true}</c>: every property required, no extra properties
/// (non-choice items send an empty options array).
/// </summary>
public static class ExerciseSchema
{
    public const string Name = "exercises";

    public const string Json = """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["exercises"],
          "properties": {
            "exercises": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["type", "question", "options", "answer", "explanation", "difficulty", "source_chunks"],
                "properties": {
                  "type": { "type": "string", "enum": ["multiple_choice", "fill_in_blank", "true_false", "short_answer"] },
                  "question": { "type": "string" },
                  "options": {
                    "type": "array",
                    "items": {
                      "type": "object",
                      "additionalProperties": false,
                      "required": ["key", "text"],
                      "properties": {
                        "key": { "type": "string", "enum": ["A", "B", "C", "D", "E", "F"] },
                        "text": { "type": "string" }
                      }
                    }
                  },
                  "answer": { "type": "string" },
                  "explanation": { "type": "string" },
                  "difficulty": { "type": "string", "enum": ["easy", "medium", "hard"] },
                  "source_chunks": { "type": "array", "items": { "type": "integer" } }
                }
              }
            }
          }
        }
        """;
}
