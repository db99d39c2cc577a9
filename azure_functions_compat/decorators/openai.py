"""Azure OpenAI extension decorator settings: ``InputType``, ``OpenAIModels`` and the bindings."""

from __future__ import annotations

from ..enums import StringifyEnum
from .bindings import (
    AssistantCreateOutput,
    AssistantPostInput,
    AssistantQueryInput,
    AssistantSkillTrigger,
    EmbeddingsInput,
    EmbeddingsStoreOutput,
    OpenAIModels,
    SemanticSearchInput,
    TextCompletionInput,
    semantic_search_system_prompt,
)
from .constants import (
    ASSISTANT_CREATE,
    ASSISTANT_POST,
    ASSISTANT_QUERY,
    ASSISTANT_SKILL_TRIGGER,
    EMBEDDINGS,
    EMBEDDINGS_STORE,
    SEMANTIC_SEARCH,
    TEXT_COMPLETION,
)


class InputType(StringifyEnum):
    """What the ``input`` of an embeddings binding is: the text itself or a file path."""

    RawText = ("raw_text",)  # the value azure.functions has, kept so value comparisons agree
    FilePath = "file_path"


# The names azure.functions gives these classes (with a leading underscore).
_AssistantSkillTrigger = AssistantSkillTrigger
_TextCompletionInput = TextCompletionInput
_AssistantQueryInput = AssistantQueryInput
_AssistantPostInput = AssistantPostInput
_AssistantCreateOutput = AssistantCreateOutput
_EmbeddingsInput = EmbeddingsInput
_SemanticSearchInput = SemanticSearchInput
_EmbeddingsStoreOutput = EmbeddingsStoreOutput

__all__ = [
    "ASSISTANT_CREATE",
    "ASSISTANT_POST",
    "ASSISTANT_QUERY",
    "ASSISTANT_SKILL_TRIGGER",
    "EMBEDDINGS",
    "EMBEDDINGS_STORE",
    "SEMANTIC_SEARCH",
    "TEXT_COMPLETION",
    "AssistantCreateOutput",
    "AssistantPostInput",
    "AssistantQueryInput",
    "AssistantSkillTrigger",
    "EmbeddingsInput",
    "EmbeddingsStoreOutput",
    "InputType",
    "OpenAIModels",
    "SemanticSearchInput",
    "TextCompletionInput",
    "semantic_search_system_prompt",
]
