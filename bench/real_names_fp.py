"""Count entity findings on correctly spelled real names of many origins put into French sentences.

A garbled-name check must leave real names alone, whatever their origin. This prints, per
rule, how many of the sentences built from (a) every person's canonical French form in the
built-in gazetteer and (b) the hand-written list NAMES below (French, Slavic, Arabic,
African, Asian, Latin American names spelled as the French press spells them) get a
finding, and lists them.

Usage: PYTHONPATH=. python bench/real_names_fp.py [--prefix fr.entity] [--list]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from auditor.entities.gazetteer import load_gazetteer_dir  # noqa: E402
from auditor.ruleset.loader import builtin_rules_dir, load_ruleset  # noqa: E402
from auditor.run.pipeline import Options, audit_text  # noqa: E402
from auditor.scanner import Engine  # noqa: E402

# Written for this bench from general knowledge; none comes from a development set.
NAMES = """
Jean-Luc Mélenchon|Marine Tondelier|Gérald Darmanin|Olivier Faure|Raphaël Glucksmann|Valérie Pécresse|Xavier Bertrand
Laurent Wauquiez|Clémentine Autain|François Ruffin|Manon Aubry|Fabien Roussel|Sandrine Rousseau|Yannick Jadot
Bruno Retailleau|Agnès Pannier-Runacher|Rachida Dati|Aurore Bergé|Prisca Thevenot|Sébastien Lecornu|Gabriel Attal
Thierry Breton|Christine Lagarde|Bernard Arnault|Patrick Pouyanné|Xavier Niel|Martin Bouygues|Vincent Bolloré
Kylian Mbappé|Antoine Griezmann|Ousmane Dembélé|Aurélien Tchouaméni|Eduardo Camavinga|Didier Deschamps|Zinédine Zidane
Teddy Riner|Léon Marchand|Florent Manaudou|Clarisse Agbégnénou|Victor Wembanyama|Tony Parker|Nikola Karabatic
Dmitri Medvedev|Sergueï Choïgou|Alexeï Navalny|Ioulia Navalnaïa|Vassili Nebenzia|Evgueni Prigojine|Ramzan Kadyrov
Volodymyr Zelensky|Dmytro Kouleba|Oleksandr Syrsky|Vitali Klitschko|Andriy Iermak|Olena Zelenska|Denys Chmyhal
Alexandre Loukachenko|Svetlana Tikhanovskaïa|Nikol Pachinian|Ilham Aliev|Kassym-Jomart Tokaïev|Mikheil Saakachvili
Andrzej Duda|Donald Tusk|Viktor Orban|Robert Fico|Aleksandar Vucic|Milorad Dodik|Novak Djokovic|Luka Modric
Recep Tayyip Erdogan|Hakan Fidan|Ekrem Imamoglu|Kemal Kiliçdaroglu|Orhan Pamuk|Nazim Hikmet
Mahmoud Abbas|Ismaïl Haniyeh|Yahya Sinouar|Hassan Nasrallah|Naïm Qassem|Bachar al-Assad|Ahmed al-Chareh
Abdel Fattah al-Sissi|Mohammed ben Salmane|Tamim ben Hamad Al-Thani|Abdelmadjid Tebboune|Kaïs Saïed|Aziz Akhannouch
Abiy Ahmed|Paul Kagame|Félix Tshisekedi|Bola Tinubu|Cyril Ramaphosa|William Ruto|Macky Sall|Bassirou Diomaye Faye
Ousmane Sonko|Alassane Ouattara|Assimi Goïta|Ibrahim Traoré|Abdourahamane Tiani|Mahamat Idriss Déby|Paul Biya
Denis Sassou-Nguesso|Faustin-Archange Touadéra|Emmerson Mnangagwa|Samia Suluhu Hassan|Yoweri Museveni|Wole Soyinka
Narendra Modi|Rahul Gandhi|Mamata Banerjee|Imran Khan|Shehbaz Sharif|Sheikh Hasina|Muhammad Yunus|Ranil Wickremesinghe
Xi Jinping|Li Qiang|Wang Yi|Han Zheng|Lai Ching-te|Tsai Ing-wen|Hou Yu-ih|Ko Wen-je|John Lee Ka-chiu
Kim Jong-un|Kim Yo-jong|Yoon Suk-yeol|Lee Jae-myung|Han Duck-soo|Fumio Kishida|Shigeru Ishiba|Yoshihide Suga
Prabowo Subianto|Joko Widodo|Anwar Ibrahim|Ferdinand Marcos|Rodrigo Duterte|Pham Minh Chinh|To Lam|Hun Manet
Lula da Silva|Javier Milei|Gustavo Petro|Claudia Sheinbaum|Andrés Manuel López Obrador|Nicolás Maduro|Gabriel Boric
Dina Boluarte|Daniel Noboa|Nayib Bukele|Miguel Díaz-Canel|Luis Arce|Santiago Peña|Yamandú Orsi
Olaf Scholz|Friedrich Merz|Annalena Baerbock|Robert Habeck|Christian Lindner|Boris Pistorius|Markus Söder
Giorgia Meloni|Matteo Salvini|Antonio Tajani|Elly Schlein|Pedro Sánchez|Alberto Núñez Feijóo|Santiago Abascal
Luis Montenegro|António Costa|Mark Rutte|Dick Schoof|Geert Wilders|Alexander De Croo|Bart De Wever
Ulf Kristersson|Mette Frederiksen|Jonas Gahr Støre|Petteri Orpo|Alexander Stubb|Kaja Kallas|Gitanas Nauseda
Keir Starmer|Rishi Sunak|Kemi Badenoch|Nigel Farage|Rachel Reeves|David Lammy|Yvette Cooper|Angela Rayner
Joe Biden|Kamala Harris|Donald Trump|JD Vance|Marco Rubio|Pete Hegseth|Tulsi Gabbard|Robert F. Kennedy
Justin Trudeau|Mark Carney|Pierre Poilievre|Anthony Albanese|Peter Dutton|Christopher Luxon|Chris Hipkins
Benyamin Netanyahou|Yoav Gallant|Benny Gantz|Yaïr Lapid|Itamar Ben Gvir|Bezalel Smotrich|Isaac Herzog
Massoud Pezeshkian|Ali Khamenei|Abbas Araghchi|Ebrahim Raïssi|Hassan Rohani|Mohammad Javad Zarif
Chinua Achebe|Chimamanda Ngozi Adichie|Ngugi wa Thiong'o|Fatou Diome|Mohamed Mbougar Sarr|Alain Mabanckou|Léonora Miano
Haruki Murakami|Kenzaburo Oe|Hayao Miyazaki|Akira Kurosawa|Bong Joon-ho|Park Chan-wook|Zhang Yimou|Wong Kar-wai
Apichatpong Weerasethakul|Hirokazu Kore-eda|Satyajit Ray|Asghar Farhadi|Jafar Panahi|Abbas Kiarostami|Nadine Labaki
Slavoj Zizek|Milan Kundera|Olga Tokarczuk|Svetlana Alexievitch|Wisława Szymborska|Imre Kertész|László Krasznahorkai
Jon Fosse|Annie Ernaux|Patrick Modiano|Abdulrazak Gurnah|Louise Glück|Peter Handke|Kazuo Ishiguro|Mo Yan
Tiger Woods|Rafael Nadal|Roger Federer|Iga Swiatek|Aryna Sabalenka|Jannik Sinner|Daniil Medvedev|Carlos Alcaraz
Lionel Messi|Cristiano Ronaldo|Erling Haaland|Mohamed Salah|Sadio Mané|Achraf Hakimi|Victor Osimhen|Son Heung-min
Jude Bellingham|Harry Kane|Kevin De Bruyne|Robert Lewandowski|Pep Guardiola|Carlo Ancelotti|Jürgen Klopp|Xabi Alonso
Max Verstappen|Lewis Hamilton|Charles Leclerc|Pierre Gasly|Esteban Ocon|Lando Norris|Fernando Alonso|Toto Wolff
Simone Biles|Usain Bolt|Eliud Kipchoge|Faith Kipyegon|Armand Duplantis|Mondo Duplantis|Sifan Hassan|Jakob Ingebrigtsen
Taylor Swift|Beyoncé|Aya Nakamura|Stromae|Angèle|Orelsan|Jul|Ninho|Gims|Dadju|Fally Ipupa|Burna Boy|Wizkid
Elon Musk|Jeff Bezos|Mark Zuckerberg|Sam Altman|Sundar Pichai|Satya Nadella|Jensen Huang|Tim Cook|Bill Gates
Marc Benioff|Arvind Krishna|Lisa Su|Masayoshi Son|Jack Ma|Pony Ma|Ren Zhengfei|Mukesh Ambani|Gautam Adani
Ngozi Okonjo-Iweala|Kristalina Georgieva|António Guterres|Tedros Adhanom Ghebreyesus|Rafael Grossi|Mark Carney
Ursula von der Leyen|Roberta Metsola|Charles Michel|Josep Borrell|Kaja Kallas|Valdis Dombrovskis|Teresa Ribera
Steven Spielberg|Martin Scorsese|Christopher Nolan|Greta Gerwig|Denis Villeneuve|Quentin Tarantino|Wim Wenders
Cillian Murphy|Emma Stone|Joaquin Phoenix|Leonardo DiCaprio|Timothée Chalamet|Zendaya|Margot Robbie|Omar Sy
Harry Styles|Elton John|Mick Jagger|Keith Richards|Paul McCartney|Bob Dylan|Bruce Springsteen|Patti Smith
Yuval Noah Harari|Thomas Piketty|Esther Duflo|Joseph Stiglitz|Paul Krugman|Jacinda Ardern|Nicola Sturgeon|Pete Buttigieg
Stéphane Séjourné|Jean-Noël Barrot|Catherine Vautrin|Rémi Féraud|Anne Hidalgo|Benoît Payan|Grégory Doucet|Michaël Delafosse
Jean-Marc Ayrault|Kofi Yamgnane|Rama Yade|Najat Vallaud-Belkacem|Myriam El Khomri|Fadela Amara|Audrey Pulvar|Pap Ndiaye
Ahmed Sylla|Djamel Debbouze|Jamel Debbouze|Abdellatif Kechiche|Rachid Bouchareb|Houda Benyamina|Ladj Ly|Mati Diop
Nguyen Van Thieu|Tran Anh Hung|Thich Nhat Hanh|Vo Nguyen Giap|Souleymane Cissé|Ousmane Sembène|Djibril Diop Mambéty
Boualem Sansal|Kamel Daoud|Yasmina Khadra|Tahar Ben Jelloun|Leïla Slimani|Amin Maalouf|Wajdi Mouawad|Atiq Rahimi
""".replace("\n", "|").split("|")
# Sentences that put a person forward: a role before, a verb of saying after, a lone surname.
TEMPLATES = (
    "Le ministre {full} a déclaré mardi que la réforme serait votée avant l'été.",
    "Selon {full}, les négociations reprendront la semaine prochaine.",
    "Interrogé par l'AFP, {last} a refusé de commenter ces informations.",
    "{last} a ajouté que le calendrier restait inchangé, a indiqué son entourage.",
    "La rencontre entre {full} et ses homologues s'est tenue à Bruxelles ; {last} a salué un accord.",
)


def people_forms() -> list[str]:
    """Return the canonical French form of every person of the built-in gazetteer, and NAMES."""
    forms = [e.canonical.get("fr", "") for e in load_gazetteer_dir(builtin_rules_dir()) if getattr(e, "type", "") == "person"]
    return sorted({f for f in forms if f and " " in f} | {n.strip() for n in NAMES if n.strip()})


def main(argv: list[str] | None = None) -> int:
    """Audit each sentence and print the counts per rule (and every finding with --list)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--prefix", default="fr.entity", help="count only rules whose id starts with this")
    parser.add_argument("--list", action="store_true")
    args = parser.parse_args(argv)
    engine = Engine(load_ruleset())
    names = people_forms()
    per_rule: Counter[str] = Counter()
    flagged_names: set[str] = set()
    lines = []
    sentences = 0
    for full in names:
        last = full.split()[-1] if " " in full else full
        for template in TEMPLATES:
            text = template.format(full=full, last=last)
            sentences += 1
            for f in audit_text(text, engine, Options(language="fr"), path="names").findings:
                if f.rule_id.startswith(args.prefix):
                    per_rule[f.rule_id] += 1
                    flagged_names.add(full)
                    lines.append(f"{f.rule_id}: {text[f.start:f.end]!r} in {text!r}")
    print(f"names: {len(names)}  sentences: {sentences}  names with a finding: {len(flagged_names)}")
    for rule, count in sorted(per_rule.items()):
        print(f"  {rule:<36}{count:>5}")
    if args.list:
        for line in lines:
            print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
