using System.Text.RegularExpressions;
using TaskRunner.Generation.Exercises;

namespace TaskRunner.Generation.Offline;

/// <summary>Words the offline exercises in the requested language, from a sentence and its key term.</summary>
internal sealed class OfflineQuestionWriter(bool chinese, bool materialIsChinese, Difficulty difficulty)
{
    private const string Blank = "____";

    public GeneratedExercise FillInBlank(MaterialSentence sentence, string term) => Make(
        ExerciseType.FillInBlank,
        chinese ? $"填空：{Blanked(sentence, term)}" : $"Fill in the blank: {Blanked(sentence, term)}",
        [],
        term,
        sentence);

    public GeneratedExercise MultipleChoice(MaterialSentence sentence, string term, IReadOnlyList<string> distractors, Random random)
    {
        var texts = distractors.Append(term).OrderBy(_ => random.Next()).ToList();
        var options = texts.Select((text, i) => new ExerciseOption(((char)('A' + i)).ToString(), text)).ToList();
        var answer = options.First(o => o.Text == term).Key;
        return Make(
            ExerciseType.MultipleChoice,
            chinese ? $"下列哪一项最适合填入横线处？{Blanked(sentence, term)}" : $"Which option best completes the sentence? {Blanked(sentence, term)}",
            options,
            answer,
            sentence);
    }

    public GeneratedExercise TrueFalse(MaterialSentence sentence, string term, IReadOnlyList<string> distractors, Random random)
    {
        var makeFalse = distractors.Count > 0 && random.Next(2) == 0;
        var statement = makeFalse ? Replace(sentence.Text, term, distractors[0]) : sentence.Text;
        return Make(
            ExerciseType.TrueFalse,
            chinese ? $"判断正误：{statement}" : $"True or false: {statement}",
            [],
            TrueFalseAnswer.ToAnswer(!makeFalse),
            sentence);
    }

    public GeneratedExercise ShortAnswer(MaterialSentence sentence, string term) => Make(
        ExerciseType.ShortAnswer,
        chinese ? $"请根据材料，简要说明“{term}”。" : $"According to the material, briefly explain \"{term}\".",
        [],
        sentence.Text,
        sentence);

    private GeneratedExercise Make(ExerciseType type, string question, IReadOnlyList<ExerciseOption> options, string answer, MaterialSentence sentence) =>
        new(type, question, options, answer, Explanation(sentence), difficulty, [sentence.ChunkIndex + 1]);

    private string Explanation(MaterialSentence sentence) => chinese ? $"原文：{sentence.Text}" : $"From the material: {sentence.Text}";

    private string Blanked(MaterialSentence sentence, string term) => Replace(sentence.Text, term, Blank);

    /// <summary>Replaces the first occurrence: a substring in Chinese, a whole word in English ("cell", not inside "cells").</summary>
    private string Replace(string text, string term, string replacement)
    {
        if (!materialIsChinese)
        {
            return new Regex($@"\b{Regex.Escape(term)}\b").Replace(text, replacement, 1);
        }
        var index = text.IndexOf(term, StringComparison.Ordinal);
        return index < 0 ? text : string.Concat(text.AsSpan(0, index), replacement, text.AsSpan(index + term.Length));
    }
}
