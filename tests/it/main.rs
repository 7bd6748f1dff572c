mod conv_nlu_accuracy;
mod conv_nlu_never_panics;
