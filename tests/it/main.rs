//! One integration-test binary: every module below is a group of black-box tests.
mod conv_assistant_never_panics;
mod conv_chat_e2e;
mod conv_dialogue;
mod conv_dialogue_buying;
mod conv_i18n;
mod conv_intent_cli;
mod conv_nlu_accuracy;
mod conv_nlu_never_panics;
mod conv_support;
