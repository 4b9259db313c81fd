//! A large generated pack, for the loading test and the pack benchmark.
/// A valid user pack of `n` complete level-3 items.
pub fn big_pack(n: usize) -> String {
    let mut s = String::from(
        "[pack]\nid = \"big\"\nversion = \"1\"\nrole = \"extension\"\ntitle = { zh = \"大\", en = \"Big\" }\n\
         scheme = \"level\"\nlevels = [3]\nrequires = [\"high-risk-2025\"]\n\n\
         [[category]]\ncode = \"BIG\"\nname = { zh = \"大\", en = \"Big\" }\n\n\
         [[control_point]]\nid = \"BIG-1\"\ncategory = \"BIG\"\nname = { zh = \"大\", en = \"Big\" }\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "\n[[item]]\nid = \"BIG-{i:05}\"\nlevel = 3\ncontrol_point = \"BIG-1\"\nletter = \"a\"\nweight = 0.7\n\
             text.zh = \"第 {i} 项要求：应当定期核查配置。\"\ntext.en = \"Requirement {i}: review the configuration regularly.\"\n\
             guidance.zh = \"访谈管理员并核查配置。\"\nguidance.en = \"Interview the administrator and examine the configuration.\"\n\
             evidence_hints.zh = [\"配置截图\"]\nevidence_hints.en = [\"configuration screenshot\"]\n\
             methods = [\"interview\", \"examine\"]\napplies_to = [\"server\"]\nareas = [\"datacenter\"]\nhigh_risk = [\"6.4.1.1\"]\n"
        ));
    }
    s
}
