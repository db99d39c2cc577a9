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
    SemanticSearchInput,
    TextCompletionInput,
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


class OpenAIModels(StringifyEnum):
    """The default models of the OpenAI bindings (the metadata carries the member name)."""

    DefaultChatModel = "gpt-3.5-turbo"
    DefaultEmbeddingsModel = "text-embedding-ada-002"


semantic_search_system_prompt = (
    "You are a helpful assistant. You are responding to requests\n"
    "    from a user about internal emails and documents. You can and\n"
    "    should refer to the internal documents to help respond to\n"
    "    requests. If a user makes a request that's not covered by the\n"
    "    internal emails and documents, explain that you don't know the\n"
    "    answer or that you don't have access to the information.\n"
    "\n"
    "    The following is a list of documents that you can refer to when\n"
    "    answering questions. The documents are in the format\n"
    "    [filename]: [text] and are separated by newlines. If you answer\n"
    "    a question by referencing any of the documents, please cite the\n"
    "    document in your answer. For example, if you answer a question\n"
    '    by referencing info.txt, you should add "Reference: info.txt"\n'
    "    to the end of your answer on a separate line."
)
"""The default ``system_prompt`` of ``semantic_search_input``: a setting value the host reads."""

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
