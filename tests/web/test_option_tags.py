"""The option lists that tracker_tags joins in Python (the country selects, the country
datalist and the subscribe form's groups) escape what they show and mark the selected one,
as the template loops they replace did."""

from django.template import Context, Template


def render(source: str, **context: object) -> str:
    return Template("{% load tracker_tags %}" + source).render(Context(context))


def test_country_options_lower_case_values_and_the_selected_one() -> None:
    html = render(
        "{% country_options choices selected %}",
        choices=[("CN", "China"), ("US", "United States")],
        selected="US",
    )
    assert html == (
        '<option value="cn">China</option><option value="us" selected>United States</option>'
    )


def test_names_and_values_are_escaped() -> None:
    evil = [("X<", 'Bad "name" <script>&')]
    assert render("{% country_options c '' %}", c=evil) == (
        '<option value="x&lt;">Bad &quot;name&quot; &lt;script&gt;&amp;</option>'
    )
    assert render("{% datalist_options c %}", c=evil) == (
        '<option value="Bad &quot;name&quot; &lt;script&gt;&amp;"></option>'
    )
    groups = [('A "group"', [("country:<x>", "<b>")])]
    assert render("{% grouped_options g %}", g=groups) == (
        '<optgroup label="A &quot;group&quot;">'
        '<option value="country:&lt;x&gt;">&lt;b&gt;</option></optgroup>'
    )


def test_an_empty_list_gives_nothing() -> None:
    assert (
        render("{% country_options c '' %}{% datalist_options c %}{% grouped_options c %}", c=[])
        == ""
    )
