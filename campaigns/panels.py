"""A read-only editor panel that renders a template with the page being edited."""

from wagtail.admin.panels import Panel


class TemplatePanel(Panel):
    """Shows `template_name` in the page editor, with `page` in its context."""

    def __init__(self, template_name: str, **kwargs):
        super().__init__(**kwargs)
        self.template_name = template_name

    def clone_kwargs(self) -> dict:
        kwargs = super().clone_kwargs()
        kwargs["template_name"] = self.template_name
        return kwargs

    class BoundPanel(Panel.BoundPanel):
        def __init__(self, **kwargs):
            super().__init__(**kwargs)
            self.template_name = self.panel.template_name

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["page"] = self.instance
            return context
