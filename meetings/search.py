"""The agenda items' full-text search document, here because its index lives on the meetings app's own table.

One expression serves twice: migration meetings/0003 compiles it into the expression GIN index
`agendaitem_search_gin`, and the public search (decisions/search.py, decisions/selectors.py) compares with the very
same expression, so the planner always finds the index. An expression index rather than a generated column:
PostgreSQL refuses to change the type of a column a generated column uses, which would pin these text columns.
"""

from __future__ import annotations

from django.contrib.postgres.search import SearchVector
from django.db.models.expressions import CombinedExpression

# The Swedish text search configuration, so "beslutet" matches "beslut"; every search document in the portal uses it.
CONFIG = "swedish"
INDEX_NAME = "agendaitem_search_gin"


def agenda_item_document(config: str = CONFIG) -> CombinedExpression:
    """Title weighted A above the texts a reader searches for (B). The public search (decisions/search.py)
    rebuilds the index over its own configuration with the decompounding dictionary (decisions/0013)."""
    return SearchVector("title", config=config, weight="A") + SearchVector(
        "summary", "proposal", "decision_text", config=config, weight="B"
    )
