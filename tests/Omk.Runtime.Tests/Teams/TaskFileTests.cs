using Omk.Teams;

namespace Omk.Tests.Teams;

public sealed class TaskFileTests
{
    [Theory]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","writeset":["src/**"]}]}""", "task 'a': unknown field 'writeset'")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x"}],"extra":1}""", "unknown field 'extra' at the top level")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x"},{"id":"a","prompt":"y"}]}""", "task 'a': field 'id' is a duplicate")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","depends_on":["zz"]}]}""", "task 'a': field 'depends_on' names 'zz', which is not a task")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","depends_on":["b"]},{"id":"b","prompt":"y","depends_on":["c"]},{"id":"c","prompt":"z","depends_on":["a"]}]}""", "forms a cycle: a -> b -> c -> a")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","depends_on":["a"]}]}""", "task 'a': field 'depends_on' names the task itself")]
    [InlineData("""{"tasks":[{"id":"a"}]}""", "task 'a': field 'prompt' is missing")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","acceptance":"make"}]}""", "task 'a': field 'acceptance' must be an array")]
    [InlineData("""{"tasks":[{"id":"a/b","prompt":"x"}]}""", "field 'id' must be a string")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x","write_set":["../outside/**"]}]}""", "must be a relative path glob")]
    [InlineData("""{"tasks":[]}""", "'tasks' is empty")]
    [InlineData("""{"tasks":[{"id":"a","prompt":"x",}]}""", "not valid JSON")]
    public void An_invalid_task_file_is_rejected_naming_the_task_and_field(string json, string expected)
    {
        var ex = Assert.Throws<TaskFileException>(() => TaskFile.Parse(json, "tasks.json"));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("tasks.json:", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_valid_task_file_keeps_every_field_and_defaults_the_title_and_gates()
    {
        var tasks = TaskFile.Parse(
            """{"tasks":[{"id":"api","title":"API","prompt":"p","depends_on":[],"write_set":["src/Api/**"],"acceptance":["dotnet test"],"gates":["build"]},{"id":"b","prompt":"q","depends_on":["api"]}]}""",
            "t.json");
        Assert.Equal(["build"], tasks[0].Gates);
        Assert.Equal(["src/Api/**"], tasks[0].WriteSet);
        Assert.Equal("b", tasks[1].Title);
        Assert.Null(tasks[1].Gates);
        Assert.Equal(["api"], tasks[1].DependsOn);
    }

    [Fact]
    public void The_json_schema_file_names_the_same_fields_as_the_parser()
    {
        var schema = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(Testing.RepoPaths.Root, "docs", "task-file.schema.json")));
        var properties = schema.RootElement.GetProperty("properties").GetProperty("tasks").GetProperty("items").GetProperty("properties");
        Assert.Equal(
            ["acceptance", "depends_on", "gates", "id", "prompt", "title", "write_set"],
            properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }
}
