"""PersonFactsDetector: what the writer says about themselves becomes entities (slots keep them
for the conversation only), and who does violence to whom decides between the victim and the
user-of-violence readings, or makes the assistant ask."""

from typing import Any, Dict, List, Optional, Text

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message

from bot.components.annotator import MessageAnnotator
from bot.components.intents import override_intent
from bot.person.facts import Facts, find_facts, load_rules

PERSON = "person"
# Entities the slots of the same names take (bot/domain/core.yml); never the exact age.
ENTITY_KEYS = ("gender", "age_group", "abuser", "contact", "wants")


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class PersonFactsDetector(MessageAnnotator):
    """Place it last, after LanguageDetector: it reads the patterns of the message's language."""

    @staticmethod
    def get_default_config() -> Dict[Text, Any]:
        return {
            # intents that mean "I am the one being hurt"; the first is the plain reading
            "exposed_intents": ["victim_violence", "men_victim", "lgbtq_victim", "stalking"],
            # intents that mean "I am the one who uses violence"; the first is the plain reading
            "violence_intents": ["perpetrator"],
            # intents about someone else's harm, wrong when the words say the writer is hurt or
            # hurts ("my son" in "I slapped my son" is not a relative's worry)
            "about_others_intents": ["relative", "has_children", "child_victim", "sexual_violence"],
            # a message that mostly tells facts about the person ("jag är 84") and that the
            # classifier is unsure of builds on the need already shown
            "facts_intent": "inform_person",
            "unsure_below": 0.5,
            # answered by a question with two buttons when the reading is unsure
            "ask_intent": "clarify_role",
            # the two readings closer than this are too close to pick one
            "close_margin": 0.2,
            # what the classifier gives up with (FallbackClassifier's intent)
            "fallback_intent": DEFAULT_NLU_FALLBACK_INTENT_NAME,
            # decided before this component, and final
            "final_intents": ["emergency", "unsupported_language"],
        }

    def __init__(self, config: Dict[Text, Any]) -> None:
        super().__init__(config)
        # compile every language's patterns with the model (a few seconds), not on the first
        # message, which would keep the server from answering anyone else meanwhile
        load_rules()

    def annotate(self, message: Message) -> None:
        text: Optional[str] = message.get(TEXT)
        if not text:
            return
        facts = find_facts(text, self._languages(message))
        entities = list(message.get(ENTITIES) or [])
        for key in ENTITY_KEYS:
            value = getattr(facts, key)
            if value is not None:
                entities.append(
                    {
                        "entity": key,
                        "value": value,
                        "start": 0,
                        "end": len(text),
                        "extractor": type(self).__name__,
                    }
                )
        message.set(ENTITIES, entities, add_to_output=True)
        decided = self.decide_role(message, facts)
        # for tests and the evaluation; like all parse data, kept only with the conversation
        message.set(
            PERSON, {**facts.as_dict(), "age": None, "role_decision": decided}, add_to_output=True
        )

    @staticmethod
    def _languages(message: Message) -> List[str]:
        """The message's language (LanguageDetector's entity) and the conversation's."""
        found = [e["value"] for e in message.get(ENTITIES) or [] if e.get("entity") == "language"]
        spoken = (message.get("metadata") or {}).get("conversation_language")
        return [str(v) for v in (*found, spoken) if isinstance(v, str) and v]

    def decide_role(self, message: Message, facts: Facts) -> Optional[str]:
        """Override the intent when the words say who does what and the classifier disagrees;
        ask when both readings fit. Returns what was decided, for the parse data. The danger
        decision and the unsupported-language answer are never overridden."""
        exposed, violent = self._config["exposed_intents"], self._config["violence_intents"]
        intent = (message.get(INTENT) or {}).get("name")
        if intent in self._config["final_intents"]:
            return facts.role
        fallback = intent == self._config["fallback_intent"]
        if facts.role == "both" and (intent in exposed or intent in violent or fallback):
            override_intent(message, self._config["ask_intent"])
            return "ask"
        others = self._config["about_others_intents"]
        if facts.role == "exposed" and (intent in violent or intent == "relative" or fallback):
            override_intent(message, exposed[0])
            return "exposed"
        if facts.role == "uses_violence" and (intent in exposed or intent in others or fallback):
            override_intent(message, violent[0])
            return "uses_violence"
        if facts.role is None and self._close_call(message, exposed, violent):
            override_intent(message, self._config["ask_intent"])
            return "ask"
        if facts.role is None and self._only_facts(message, facts):
            override_intent(message, self._config["facts_intent"])
        return facts.role

    def _only_facts(self, message: Message, facts: Facts) -> bool:
        """The message tells who the person is, and the classifier is unsure what it asks."""
        said = facts.gender or facts.age_group or facts.contact or facts.wants
        top = message.get(INTENT) or {}
        unsure = top.get("name") == self._config["fallback_intent"] or float(
            top.get("confidence") or 0
        ) < float(self._config["unsure_below"])
        return bool(said) and unsure

    def _close_call(self, message: Message, exposed: List[str], violent: List[str]) -> bool:
        """The top two guesses are one of each reading and nearly as likely."""
        ranking = message.get(INTENT_RANKING_KEY) or []
        if len(ranking) < 2:
            return False
        first, second = ranking[0], ranking[1]
        names = {first.get("name"), second.get("name")}
        one_of_each = bool(names & set(exposed)) and bool(names & set(violent))
        margin = float(first.get("confidence") or 0) - float(second.get("confidence") or 0)
        return one_of_each and margin < float(self._config["close_margin"])
