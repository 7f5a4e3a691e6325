//! Any bytes through `generate`: it returns `Ok` or `Err`, never panics, never overflows the
//! stack, never runs out of memory (libFuzzer's `-rss_limit_mb`, 2 GiB by default, catches that).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match generator::generate("fuzz.yaml", text, &generator::Options::default()) {
        Ok(output) => {
            for file in &output.files {
                assert!(!file.contents.contains("generator bug"), "{}", file.path);
            }
        }
        Err(failure) => assert!(failure.errors().count() > 0),
    }
});
