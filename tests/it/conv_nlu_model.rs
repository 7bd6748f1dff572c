//! The committed intent model is exactly what `flashsale nlu train` makes of the corpus.

use flashsale::nlu::eval::read_labelled;

#[test]
fn retraining_on_the_corpus_reproduces_the_committed_model_byte_for_byte() {
    let corpus = read_labelled(include_str!("../../data/nlu/corpus.jsonl")).unwrap();
    assert!(corpus.len() >= 2000);
    let model = flashsale::nlu::train(&corpus);
    let committed = include_str!("../../data/nlu/intent-model.txt");
    assert!(model.len() < 1_000_000, "{} bytes", model.len());
    assert!(
        model == committed,
        "retrain with `flashsale nlu train` and commit the model"
    );
}

#[test]
fn the_train_command_writes_the_same_model_file() {
    let dir = std::env::temp_dir().join(format!("flashsale-nlu-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("model.txt");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_flashsale"))
        .args(["nlu", "train", "--corpus"])
        .arg(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/nlu/corpus.jsonl"
        ))
        .arg("--out")
        .arg(&out)
        .status()
        .unwrap();
    assert!(status.success());
    let written = std::fs::read_to_string(&out).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(written == include_str!("../../data/nlu/intent-model.txt"));
}
