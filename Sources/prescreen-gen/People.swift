import DocumentKit
import Foundation
import PrescreenCore

/// Name, employer and school pools for synthetic applicants (no real people).
enum People {
    static let surnames = Array("张王李刘陈杨赵黄周吴徐孙马朱胡郭何林罗郑梁谢宋唐许韩冯邓曹彭曾肖董袁潘蒋蔡杜叶程魏吕丁沈姚卢姜崔钟谭陆汪范金廖贾韦付方邹孟熊秦邱江尹薛闫段雷侯龙史陶贺顾毛郝龚邵万钱严覃戴莫孔汤")
    static let given = Array("伟芳娜敏静丽强磊军洋勇艳杰涛明超秀霞刚桂英华慧巧美娟茹晶琳玲萍红娥燕彬婷雪荣健俊鹏浩宇欣怡瑶璐晨辉亮峰帆锋")

    static let employers: [Employer] = [
        Employer(prefix: "阿克苏地区", core: "第一人民医院", aliases: ["地区一院"], unlistedAlias: "阿地一院", kind: .publicInstitution),
        Employer(prefix: "阿克苏地区", core: "水利水电勘测设计院", aliases: ["水利设计院"], unlistedAlias: "勘测院", kind: .publicInstitution),
        Employer(prefix: "阿克苏地区", core: "农业技术推广中心", aliases: ["农技中心"], unlistedAlias: "农推站", kind: .publicInstitution),
        Employer(prefix: "阿克苏市", core: "城市建设投资有限公司", aliases: ["城投公司"], unlistedAlias: "城投集团", kind: .enterprise),
        Employer(prefix: "新疆", core: "塔河棉业股份有限公司", aliases: ["塔河棉业"], unlistedAlias: "棉业公司", kind: .enterprise),
        Employer(prefix: "阿克苏地区", core: "气象局气象台", aliases: ["地区气象台"], unlistedAlias: "气象站", kind: .publicInstitution),
    ]
    static let schools = ["新疆大学", "石河子大学", "塔里木大学", "新疆农业大学", "西北农林科技大学"]
    static let majors = ["水利水电工程", "土木工程", "临床医学", "农学", "会计学", "电气工程"]

    static func randomName(_ rng: inout SplitMix64, length: Int? = nil) -> String {
        let n = length ?? (rng.chance(0.7) ? 2 : 3)
        return String(rng.pick(surnames)) + String((1..<n).map { _ in rng.pick(given) })
    }

    /// Others' names: never containing the applicant's name, except the deliberate decoys first in the list
    /// (a name sharing one character; a longer name containing a 2-character applicant name).
    static func others(for name: String, _ rng: inout SplitMix64, count: Int = 40) -> [String] {
        var out: [String] = []
        var seen: Set<String> = [name]
        if let s = name.first { out.append(String(s) + String(rng.pick(given.filter { !name.contains($0) }))) }
        if name.count == 2 { out.append(name + String(rng.pick(given))) }
        while out.count < count {
            let n = randomName(&rng)
            if n.contains(name) || name.contains(n) || seen.contains(n) { continue }
            seen.insert(n)
            out.append(n)
        }
        // The decoys go to slots templates use for principals, lists and supervisors.
        if name.count == 2 { out.swapAt(0, 1); out.swapAt(1, 3) } else { out.swapAt(0, 3) }
        return out
    }

    static func person(_ rng: inout SplitMix64, employer: Employer, series: Manifest.Series) -> Person {
        let name = randomName(&rng)
        let year = rng.int(1972...1990), month = rng.int(1...12)
        let id = IDNumber.make(region: rng.pick(["652901", "652922", "652923", "652928"]), year: year, month: month,
                               day: rng.int(1...28), sequence: rng.int(1...999))
        let (title, word): (String, String)
        switch series {
        case .engineering: (title, word) = ("工程师", "工程")
        case .economics: (title, word) = ("经济师", "经济")
        case .humanResources: (title, word) = ("人力资源管理师", "人力资源")
        case .cadreCollege: (title, word) = ("讲师", "干部院校教师")
        }
        return Person(name: name, gender: rng.chance(0.5) ? "男" : "女", birthYear: year, birthMonth: month, idNumber: id,
                      employer: employer, school: rng.pick(schools), major: rng.pick(majors), title: title,
                      seriesWord: word, others: others(for: name, &rng))
    }
}
